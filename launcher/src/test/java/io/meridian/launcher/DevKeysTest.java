package io.meridian.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.meridian.embedded.DevTokenIssuer;

class DevKeysTest {
    @TempDir
    Path home;

    @Test
    void privateKeyIsOwnerOnlyAndTokensVerifyAfterReload() throws Exception {
        KeyPair original = DevKeys.generate();
        DevKeys.save(home, original);
        assertEquals("rw-------", PosixFilePermissions.toString(
            Files.getPosixFilePermissions(home.resolve("keys").resolve(DevKeys.PRIVATE_KEY))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("keys"))));

        KeyPair loaded = DevKeys.load(home).orElseThrow();
        assertArrayEquals(original.getPublic().getEncoded(), loaded.getPublic().getEncoded());
        String token = DevTokenIssuer.of(loaded).token("ana", Duration.ofMinutes(5), "writer");
        String[] parts = token.split("\\.");
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(original.getPublic());
        rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertTrue(rs256.verify(Base64.getUrlDecoder().decode(parts[2])));
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertTrue(claims.contains("\"groups\":[\"writer\"]"), claims);
    }

    @Test
    void noKeysNoToken() {
        assertTrue(DevKeys.load(home).isEmpty());
    }
}
