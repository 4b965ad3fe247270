package io.meridian.embedded;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A local identity provider for the embedded platform and tests: an RSA key pair made at start-up (never
 * written to the repository) and RS256 JWTs with MicroProfile JWT claims ({@code iss}, {@code sub},
 * {@code upn}, {@code groups}). Services verify them with {@code mp.jwt.verify.publickey} set to
 * {@link #publicKeyBase64()} and {@code mp.jwt.verify.issuer} set to {@link #ISSUER}.
 */
public final class DevTokenIssuer {
    /** Issuer claim of every token this class signs. */
    public static final String ISSUER = "https://meridian.local/dev";

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private final KeyPair keyPair;

    private DevTokenIssuer(KeyPair keyPair) {
        this.keyPair = keyPair;
    }

    /** A new issuer with a fresh 2048-bit RSA key pair. */
    public static DevTokenIssuer generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return new DevTokenIssuer(generator.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is not available", e);
        }
    }

    /**
     * An issuer over an existing key pair, e.g. one the local launcher keeps under its home folder so that
     * {@code ./meridian token} can sign tokens for a running instance.
     */
    public static DevTokenIssuer of(KeyPair keyPair) {
        if (keyPair == null || !"RSA".equals(keyPair.getPrivate().getAlgorithm())) {
            throw new IllegalArgumentException("an RSA key pair is required");
        }
        return new DevTokenIssuer(keyPair);
    }

    /** The public key as base64 X.509 (what {@code mp.jwt.verify.publickey} accepts). */
    public String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(keyPair.getPublic().getEncoded());
    }

    /** The public key in PEM form, for a key file. */
    public String publicKeyPem() {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(keyPair.getPublic().getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
    }

    /**
     * Signs a token.
     *
     * @param subject the caller (a user or a service name); letters, digits, '-', '_', '.', '@' only
     * @param ttl     how long the token is valid
     * @param roles   the {@code groups} claim, e.g. {@code reader}, {@code writer}, {@code admin}
     */
    public String token(String subject, Duration ttl, String... roles) {
        requireSafe(subject);
        Arrays.stream(roles).forEach(DevTokenIssuer::requireSafe);
        Instant now = Instant.now();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String groups = Arrays.stream(roles).map(r -> '"' + r + '"').collect(Collectors.joining(","));
        String payload = "{\"iss\":\"" + ISSUER + "\",\"sub\":\"" + subject + "\",\"upn\":\"" + subject
            + "\",\"groups\":[" + groups + "],\"iat\":" + now.getEpochSecond()
            + ",\"exp\":" + now.plus(ttl).getEpochSecond() + ",\"jti\":\"" + UUID.randomUUID() + "\"}";
        String signingInput = URL.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
            + URL.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(keyPair.getPrivate());
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + URL.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign token", e);
        }
    }

    private static void requireSafe(String value) {
        if (value == null || !value.matches("[A-Za-z0-9@._-]{1,128}")) {
            throw new IllegalArgumentException("unsafe token claim value: " + value);
        }
    }
}
