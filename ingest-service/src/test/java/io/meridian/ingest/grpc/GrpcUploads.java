package io.meridian.ingest.grpc;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.grpc.Channel;
import io.grpc.Metadata;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.meridian.ingest.v1.IngestServiceGrpc;
import io.meridian.ingest.v1.RunSummary;
import io.meridian.ingest.v1.UploadRecordsRequest;
import io.meridian.ingest.v1.UploadRecordsResponse;
import io.meridian.testing.TestTokens;

/** Drives the client-streaming {@code UploadRecords} RPC from tests, and gives stubs their bearer token. */
public final class GrpcUploads {
    private GrpcUploads() {
    }

    /** An async stub that sends {@code token} as a bearer token, or none when it is null. */
    public static IngestServiceGrpc.IngestServiceStub stub(Channel channel, String token) {
        return withToken(IngestServiceGrpc.newStub(channel), token);
    }

    /** {@code stub} sending {@code token} as a bearer token on every call, or unchanged when it is null. */
    public static <S extends AbstractStub<S>> S withToken(S stub, String token) {
        if (token == null) {
            return stub;
        }
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), TestTokens.bearer(token));
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    /**
     * Streams {@code messages} and returns the run summary; a gRPC error is rethrown as the
     * {@link io.grpc.StatusRuntimeException} the server answered with.
     */
    public static RunSummary upload(Channel channel, String token, List<UploadRecordsRequest> messages,
        Duration timeout) throws Exception {
        CompletableFuture<UploadRecordsResponse> result = new CompletableFuture<>();
        StreamObserver<UploadRecordsRequest> requests = stub(channel, token).uploadRecords(new StreamObserver<>() {
            @Override
            public void onNext(UploadRecordsResponse value) {
                result.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                result.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                result.complete(null);
            }
        });
        messages.forEach(requests::onNext);
        requests.onCompleted();
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS).getRun();
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }
}
