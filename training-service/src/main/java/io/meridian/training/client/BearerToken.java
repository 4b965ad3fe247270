package io.meridian.training.client;

import java.util.Optional;

import io.grpc.Metadata;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;

/**
 * The {@code authorization: Bearer <token>} metadata the neighbour services check (grpc-auth on their side), on
 * every call of a stub. The tokens come from the configuration, which takes them from the environment only.
 */
final class BearerToken {
    private static final Metadata.Key<String> AUTHORIZATION =
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private BearerToken() {
    }

    /** {@code stub} sending {@code token} on every call; unchanged when the token is unset or blank. */
    static <S extends AbstractStub<S>> S attach(S stub, Optional<String> token) {
        if (token.isEmpty() || token.get().isBlank()) {
            return stub;
        }
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + token.get().trim());
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }
}
