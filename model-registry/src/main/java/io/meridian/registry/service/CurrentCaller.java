package io.meridian.registry.service;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;

/** Who is calling: the {@code sub} claim of the caller's JWT (what the audit trail records). */
@ApplicationScoped
public class CurrentCaller {
    private final SecurityIdentity identity;

    public CurrentCaller(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** The subject of the current caller's token, or "anonymous". */
    public String subject() {
        if (identity.isAnonymous()) {
            return "anonymous";
        }
        if (identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getSubject() != null) {
            return jwt.getSubject();
        }
        return identity.getPrincipal().getName();
    }
}
