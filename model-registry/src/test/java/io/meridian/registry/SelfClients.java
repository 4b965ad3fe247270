package io.meridian.registry;

import io.meridian.registry.v1.ModelRegistryServiceGrpc;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Quarkus gRPC clients aimed at the app's own HTTP port (see RegistryTestResource), the way other
 * services call the registry. Held by a bean: a {@code @GrpcClient} field directly on a test class made
 * every @QuarkusTest of the module fail to instantiate (Quarkus 3.32.1).
 */
@ApplicationScoped
public class SelfClients {
    @GrpcClient("registry-self")
    ModelRegistryServiceGrpc.ModelRegistryServiceBlockingStub netty;

    @GrpcClient("registry-vertx")
    ModelRegistryServiceGrpc.ModelRegistryServiceBlockingStub vertx;

    /** Default Quarkus client: a grpc-java Netty channel. */
    public ModelRegistryServiceGrpc.ModelRegistryServiceBlockingStub netty() {
        return netty;
    }

    /** {@code use-quarkus-grpc-client=true}: the Vert.x gRPC client. */
    public ModelRegistryServiceGrpc.ModelRegistryServiceBlockingStub vertx() {
        return vertx;
    }
}
