package dev.tandem.agent.security.input;

import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.Status;
import java.io.InputStream;

/**
 * Makes a service answer INVALID_ARGUMENT to a request body that does not parse, instead of
 * gRPC's UNKNOWN "Application error processing RPC": gRPC parses the body before any
 * interceptor sees the message and reports a failure as an application error. Here the
 * request marshaller returns a {@link Unparsable} marker instead of throwing, and the
 * wrapped handler closes the call with INVALID_ARGUMENT when it gets one. The service is
 * never called with it, so nothing changes.
 */
public final class StrictParsing {
    private StrictParsing() {
    }

    /** A body that did not parse (the marker the wrapped marshaller returns). */
    record Unparsable(String type, String problem) {
    }

    public static ServerServiceDefinition wrap(ServerServiceDefinition service) {
        // keep the schema descriptor: server reflection lists only services that carry one
        io.grpc.ServiceDescriptor original = service.getServiceDescriptor();
        io.grpc.ServiceDescriptor.Builder descriptor = io.grpc.ServiceDescriptor.newBuilder(original.getName())
                .setSchemaDescriptor(original.getSchemaDescriptor());
        java.util.List<ServerMethodDefinition<?, ?>> methods = new java.util.ArrayList<>();
        for (ServerMethodDefinition<?, ?> m : service.getMethods()) {
            ServerMethodDefinition<?, ?> w = wrapMethod(m);
            methods.add(w);
            descriptor.addMethod(w.getMethodDescriptor());
        }
        ServerServiceDefinition.Builder b = ServerServiceDefinition.builder(descriptor.build());
        methods.forEach(b::addMethod);
        return b.build();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <Q, A> ServerMethodDefinition<Object, A> wrapMethod(ServerMethodDefinition<Q, A> m) {
        MethodDescriptor<Q, A> d = m.getMethodDescriptor();
        MethodDescriptor.Marshaller<Q> inner = d.getRequestMarshaller();
        String type = d.getFullMethodName().substring(d.getFullMethodName().indexOf('/') + 1);
        MethodDescriptor.Marshaller<Object> tolerant = new MethodDescriptor.Marshaller<>() {
            @Override
            public InputStream stream(Object value) {
                return inner.stream((Q) value);
            }

            @Override
            public Object parse(InputStream stream) {
                try {
                    return inner.parse(stream);
                } catch (RuntimeException e) {
                    return new Unparsable(type, String.valueOf(e.getMessage()));
                }
            }
        };
        MethodDescriptor<Object, A> wrapped = d.toBuilder(tolerant, d.getResponseMarshaller()).build();
        ServerCallHandler<Q, A> handler = m.getServerCallHandler();
        ServerCallHandler<Object, A> checking = (call, headers) -> {
            ServerCall<Q, A> typed = (ServerCall) call;
            ServerCall.Listener<Q> delegate = handler.startCall(typed, headers);
            return new Guard<>((ServerCall) call, (ServerCall.Listener) delegate);
        };
        return ServerMethodDefinition.create(wrapped, checking);
    }

    /** Passes parsed messages on; on a marker closes the call and drops everything after. */
    private static final class Guard<A> extends ForwardingServerCallListener.SimpleForwardingServerCallListener<Object> {
        private final ServerCall<Object, A> call;
        private boolean refused;

        Guard(ServerCall<Object, A> call, ServerCall.Listener<Object> delegate) {
            super(delegate);
            this.call = call;
        }

        @Override
        public void onMessage(Object message) {
            if (refused) {
                return;
            }
            if (message instanceof Unparsable u) {
                refused = true;
                call.close(Status.INVALID_ARGUMENT.withDescription(
                        "the request body is not a valid " + u.type() + " request (protobuf parse failed)"), new Metadata());
                return;
            }
            super.onMessage(message);
        }

        @Override
        public void onHalfClose() {
            if (!refused) {
                super.onHalfClose();
            }
        }

        @Override
        public void onReady() {
            if (!refused) {
                super.onReady();
            }
        }
    }
}
