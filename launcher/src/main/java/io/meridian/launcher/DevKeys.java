package io.meridian.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Optional;

/**
 * The JWT signing key pair of a local instance, kept under {@code <home>/keys} (folder 0700, private key 0600)
 * so that {@code meridian token} can sign tokens the running services accept. Never under the repository.
 */
public final class DevKeys {
    static final String PRIVATE_KEY = "jwt-private.pk8";
    static final String PUBLIC_KEY = "jwt-public.der";

    private DevKeys() {
    }

    /** A fresh 2048-bit RSA key pair. */
    public static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is not available", e);
        }
    }

    /** Writes the key pair under {@code home/keys} with owner-only permissions. */
    public static void save(Path home, KeyPair keyPair) {
        Path dir = home.resolve("keys");
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            writePrivate(dir.resolve(PRIVATE_KEY), keyPair.getPrivate().getEncoded());
            Files.write(dir.resolve(PUBLIC_KEY), keyPair.getPublic().getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the instance key under " + dir, e);
        }
    }

    private static void writePrivate(Path file, byte[] encoded) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(file, encoded);
    }

    /** The key pair stored under {@code home}, if any. */
    public static Optional<KeyPair> load(Path home) {
        Path dir = home.resolve("keys");
        Path privateFile = dir.resolve(PRIVATE_KEY);
        Path publicFile = dir.resolve(PUBLIC_KEY);
        if (!Files.isReadable(privateFile) || !Files.isReadable(publicFile)) {
            return Optional.empty();
        }
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            PrivateKey privateKey = rsa.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(privateFile)));
            PublicKey publicKey = rsa.generatePublic(new X509EncodedKeySpec(Files.readAllBytes(publicFile)));
            return Optional.of(new KeyPair(publicKey, privateKey));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the instance key under " + dir, e);
        } catch (GeneralSecurityException e) {
            throw new PlatformException("the instance key under " + dir + " is damaged: " + e.getMessage(), e);
        }
    }
}
