package dev.tandem.agent.security.auth;

import dev.tandem.agent.security.tls.CertificateIdentity;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Optional;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every call against an {@link AccessPolicy} before the service sees its message: a
 * refused call is closed with the policy's status and changes nothing. A call let through
 * runs with its {@link Caller} in the gRPC Context ({@link Caller#KEY}).
 */
public final class AccessInterceptor implements ServerInterceptor {
    private static final Logger log = LoggerFactory.getLogger(AccessInterceptor.class);
    private static final ServerCall.Listener<Object> NOTHING = new ServerCall.Listener<>() {
    };

    private final AccessPolicy policy;
    private final boolean insecure;
    private final String port;

    /**
     * @param port     the port's name for the log ("admin", "peer")
     * @param insecure the port runs without TLS (--insecure): callers are named {@link Caller#INSECURE_NAME}
     */
    public AccessInterceptor(String port, AccessPolicy policy, boolean insecure) {
        this.port = port;
        this.policy = policy;
        this.insecure = insecure;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        String method = call.getMethodDescriptor().getFullMethodName();
        String remote = address(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
        SSLSession ssl = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
        Optional<CertificateIdentity> id = CertificateIdentity.of(ssl);
        Status verdict = policy.decide(method, id);
        if (!verdict.isOk()) {
            log.warn("{} port: refused {} from {} ({}): {}", port, method, remote,
                    id.map(i -> i.name() + "[" + i.role().ou() + "]").orElse("no certificate"), verdict.getCode());
            call.close(verdict, new Metadata());
            return (ServerCall.Listener<Q>) NOTHING;
        }
        // only a node (the peer, past the peer policy) may say on whose behalf it forwards a request
        String onBehalf = id.filter(i -> i.role() == dev.tandem.agent.security.pki.Role.NODE)
                .map(i -> headers.get(Caller.ON_BEHALF_OF)).map(h -> dev.tandem.agent.security.input.Inputs.clip(
                        h.replaceAll("[^\\x20-\\x7e]", "?"), 200)).orElse("");
        Caller caller = id.map(i -> new Caller(i.name(), Optional.of(i.role()), remote, onBehalf))
                .orElseGet(() -> new Caller(insecure ? Caller.INSECURE_NAME : Caller.ANONYMOUS_NAME, Optional.empty(), remote));
        return Contexts.interceptCall(Context.current().withValue(Caller.KEY, caller), call, headers, next);
    }

    static String address(SocketAddress a) {
        if (a instanceof InetSocketAddress i) {
            return (i.getAddress() == null ? i.getHostString() : i.getAddress().getHostAddress()) + ":" + i.getPort();
        }
        return a == null ? "unknown" : a.toString();
    }
}
