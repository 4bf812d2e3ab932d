package dev.tandem.agent.security.input;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * A safety net under the per-field checks: no status description leaves a port longer than
 * {@link #MAX_CHARS}. A description that repeats a megabyte of input would not fit the HTTP/2
 * trailers, and the caller would wait for an answer that never comes (issue 9).
 */
public final class BoundedErrors implements ServerInterceptor {
    public static final int MAX_CHARS = 1024;

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                String d = status.getDescription();
                super.close(d == null || d.length() <= MAX_CHARS ? status
                        : status.withDescription(d.substring(0, MAX_CHARS - 1) + "…"), trailers);
            }
        }, headers);
    }
}
