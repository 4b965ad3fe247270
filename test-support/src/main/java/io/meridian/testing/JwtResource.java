package io.meridian.testing;

import java.util.Map;

import io.meridian.embedded.DevTokenIssuer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Makes the application under test trust tokens from {@link TestTokens}. */
public class JwtResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        return Map.of(
            "mp.jwt.verify.publickey", SharedInfra.tokens().publicKeyBase64(),
            "mp.jwt.verify.issuer", DevTokenIssuer.ISSUER);
    }

    @Override
    public void stop() {
        // nothing to stop
    }
}
