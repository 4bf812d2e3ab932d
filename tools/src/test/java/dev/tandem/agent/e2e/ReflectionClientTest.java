package dev.tandem.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.DynamicMessage;
import dev.tandem.tools.demo.EmbeddedPair;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that knows nothing of the project: it lists services and fetches descriptors by
 * server reflection, then calls the admin API with DynamicMessage (what grpcurl does).
 */
class ReflectionClientTest {
    @TempDir
    Path dir;

    /** One reflection exchange on a fresh stream. */
    static ServerReflectionResponse ask(ManagedChannel ch, ServerReflectionRequest req) throws Exception {
        LinkedBlockingQueue<Object> q = new LinkedBlockingQueue<>();
        StreamObserver<ServerReflectionRequest> out = ServerReflectionGrpc.newStub(ch).serverReflectionInfo(
                new StreamObserver<>() {
                    public void onNext(ServerReflectionResponse r) {
                        q.add(r);
                    }

                    public void onError(Throwable t) {
                        q.add(t);
                    }

                    public void onCompleted() {
                    }
                });
        out.onNext(req);
        Object r = q.poll(10, TimeUnit.SECONDS);
        out.onCompleted();
        if (r instanceof Throwable t) {
            throw new AssertionError(t);
        }
        return (ServerReflectionResponse) r;
    }

    static FileDescriptor build(String name, Map<String, FileDescriptorProto> protos, Map<String, FileDescriptor> done)
            throws Exception {
        if (done.containsKey(name)) {
            return done.get(name);
        }
        FileDescriptorProto p = protos.get(name);
        List<FileDescriptor> deps = new ArrayList<>();
        for (String d : p.getDependencyList()) {
            deps.add(build(d, protos, done));
        }
        FileDescriptor f = FileDescriptor.buildFrom(p, deps.toArray(new FileDescriptor[0]));
        done.put(name, f);
        return f;
    }

    @Test
    void listsServicesReadsStatusAndRequestsFailoverWithoutProjectClasses() throws Exception {
        try (EmbeddedPair pair = EmbeddedPair.start(dir, "node-a", "node-b", Fixtures.FAST);
             GroupWatch watch = new GroupWatch(pair.first().adminTarget())) {
            watch.awaitRow("M1", Fixtures.SOON);
            ManagedChannel ch = Fixtures.channel(pair.first().adminTarget());
            ServerReflectionResponse list = ask(ch, ServerReflectionRequest.newBuilder().setListServices("").build());
            List<String> services = list.getListServicesResponse().getServiceList().stream().map(s -> s.getName()).toList();
            assertThat(services).contains("tandem.admin.v1.AdminService", "grpc.health.v1.Health");

            ServerReflectionResponse files = ask(ch, ServerReflectionRequest.newBuilder()
                    .setFileContainingSymbol("tandem.admin.v1.AdminService").build());
            Map<String, FileDescriptorProto> protos = new HashMap<>();
            for (var bytes : files.getFileDescriptorResponse().getFileDescriptorProtoList()) {
                FileDescriptorProto p = FileDescriptorProto.parseFrom(bytes);
                protos.put(p.getName(), p);
            }
            FileDescriptor admin = protos.values().stream().filter(p -> p.getServiceList().stream()
                            .anyMatch(s -> s.getName().equals("AdminService"))).findFirst()
                    .map(p -> {
                        try {
                            return build(p.getName(), protos, new HashMap<>());
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }).orElseThrow();
            ServiceDescriptor svc = admin.findServiceByName("AdminService");

            // read the status
            DynamicMessage status = call(ch, svc.findMethodByName("GetGroupStatus"), Map.of());
            FieldDescriptor matrix = status.getDescriptorForType().findFieldByName("matrix");
            DynamicMessage m = (DynamicMessage) status.getField(matrix);
            DynamicMessage row = (DynamicMessage) m.getField(m.getDescriptorForType().findFieldByName("row"));
            assertThat(row.getField(row.getDescriptorForType().findFieldByName("id"))).isEqualTo("M1");

            // request a failover
            DynamicMessage reply = call(ch, svc.findMethodByName("Failover"), Map.of("node", "node-a", "actor", "reflector"));
            assertThat(reply.getField(reply.getDescriptorForType().findFieldByName("accepted"))).isEqualTo(true);
            watch.awaitRow("M3", Fixtures.SOON);
            ch.shutdownNow();
        }
    }

    static DynamicMessage call(ManagedChannel ch, MethodDescriptor md, Map<String, Object> fields) {
        Descriptor in = md.getInputType();
        DynamicMessage.Builder b = DynamicMessage.newBuilder(in);
        fields.forEach((k, v) -> b.setField(in.findFieldByName(k), v));
        io.grpc.MethodDescriptor<DynamicMessage, DynamicMessage> grpcMethod = io.grpc.MethodDescriptor
                .<DynamicMessage, DynamicMessage>newBuilder()
                .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(io.grpc.MethodDescriptor.generateFullMethodName(md.getService().getFullName(), md.getName()))
                .setRequestMarshaller(ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(in)))
                .setResponseMarshaller(ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(md.getOutputType())))
                .build();
        return ClientCalls.blockingUnaryCall(ch, grpcMethod, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
                b.build());
    }
}
