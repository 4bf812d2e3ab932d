package dev.tandem.agent.cli;

import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import dev.tandem.contract.Labels;
import dev.tandem.proto.admin.v1.*;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * tandemctl: the command line over an agent's admin API, in the spirit of {@code utils ha}.
 *
 * <p>Exit codes (stable): 0 ok; 1 internal error; 2 usage; 3 refused (the state does not
 * offer it: FAILED_PRECONDITION); 4 agent unreachable or too slow; 5 not found (node, group);
 * 6 invalid argument; 7 not allowed (no valid credential: UNAUTHENTICATED, or the role does
 * not allow it: PERMISSION_DENIED).
 *
 * <p>Credentials: the client certificate {@code --as NAME} from {@code --pki DIR} (files
 * {@code NAME.crt}, {@code NAME.key}, {@code ca.crt}, as {@code tandem-agent init-pki} writes
 * them), or explicit {@code --cert/--key/--ca}; {@code --insecure} talks plaintext to an agent
 * run with --insecure.
 */
@Command(name = "tandemctl", mixinStandardHelpOptions = true, version = "tandemctl 0.1",
        description = "Command line for Tandem node agents (presence redundancy groups).",
        subcommands = {TandemCtl.StatusCmd.class, TandemCtl.FailoverCmd.class, TandemCtl.FallbackCmd.class,
                TandemCtl.RecoverCmd.class, TandemCtl.ServicesCmd.class, TandemCtl.DbReplicationCmd.class,
                ParamsCmd.class, TandemCtl.EventsCmd.class, TandemCtl.AuditCmd.class, MaintenanceCmd.class, UsersCmd.class,
                DatabaseCmd.class, GroupCmd.class,
                AlertsCmd.class, WhatIfCmd.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 internal error, 2 usage, 3 refused (not offered in this state),",
                "4 agent unreachable, 5 not found, 6 invalid argument, 7 not allowed (credential or role)."})
public final class TandemCtl {
    public static final int OK = 0;
    public static final int INTERNAL = 1;
    public static final int USAGE = 2;
    public static final int REFUSED = 3;
    public static final int UNREACHABLE = 4;
    public static final int NOT_FOUND = 5;
    public static final int INVALID = 6;
    public static final int NOT_ALLOWED = 7;

    @Option(names = {"-a", "--agent"}, description = "host:port of an agent's admin API (default: $TANDEM_AGENT or localhost:20075)")
    String agent = System.getenv().getOrDefault("TANDEM_AGENT", "localhost:20075");
    @Option(names = "--actor", description = "who you are, for the audit log (default: $USER)")
    String actor = System.getProperty("user.name", "cli");
    @Option(names = "--pki", description = "directory of ca.crt and client credentials (default: $TANDEM_PKI or ./pki)")
    java.nio.file.Path pki = java.nio.file.Path.of(System.getenv().getOrDefault("TANDEM_PKI", "pki"));
    @Option(names = "--as", description = "which credential of --pki to present: NAME.crt/NAME.key (default: $TANDEM_AS or operator)")
    String as = System.getenv().getOrDefault("TANDEM_AS", "operator");
    @Option(names = "--cert", description = "client certificate (PEM); overrides --pki/--as")
    java.nio.file.Path cert;
    @Option(names = "--key", description = "its PKCS#8 private key (PEM)")
    java.nio.file.Path key;
    @Option(names = "--ca", description = "CA certificate to trust (PEM; default: ca.crt of --pki)")
    java.nio.file.Path ca;
    @Option(names = "--insecure", description = "plaintext, no credential (only for agents run with --insecure)")
    boolean insecure;
    @Option(names = "--timeout", description = "seconds to wait for an answer (default 10)")
    long timeoutSeconds = 10;
    @Spec
    CommandLine.Model.CommandSpec spec;

    private ManagedChannel channel;

    AdminServiceGrpc.AdminServiceBlockingStub stub() {
        if (channel == null) {
            channel = insecure ? NettyChannelBuilder.forTarget(agent).usePlaintext().build()
                    : NettyChannelBuilder.forTarget(agent, credentials()).build();
        }
        return AdminServiceGrpc.newBlockingStub(channel).withDeadlineAfter(timeoutSeconds, TimeUnit.SECONDS);
    }

    private io.grpc.ChannelCredentials credentials() {
        var dir = new dev.tandem.agent.security.pki.PkiDirectory(pki);
        var files = new dev.tandem.agent.security.tls.TlsFiles(cert != null ? cert : dir.certificate(as),
                key != null ? key : dir.privateKey(as), ca != null ? ca : dir.caCertificate());
        try {
            files.check();
        } catch (java.io.IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage()
                    + "; give --pki DIR --as NAME, or --cert/--key/--ca (or --insecure for an agent run with --insecure)");
        }
        return dev.tandem.agent.security.tls.TlsCredentials.mutualClient(files);
    }

    AdminServiceGrpc.AdminServiceBlockingStub streamStub() {
        stub();
        return AdminServiceGrpc.newBlockingStub(channel);
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    void close() {
        if (channel != null) {
            channel.shutdownNow();
        }
    }

    static String label(dev.tandem.proto.ha.v1.NodeState s) {
        return Labels.state(s);
    }

    static String label(dev.tandem.proto.ha.v1.Reason r) {
        return Labels.reason(r);
    }

    static String label(Enum<?> e) {
        String s = e.name().toLowerCase().replace('_', ' ');
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    static String time(com.google.protobuf.Timestamp t) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault())
                .format(Instant.ofEpochSecond(t.getSeconds()));
    }

    static String json(MessageOrBuilder m) {
        try {
            return JsonFormat.printer().alwaysPrintFieldsWithNoPresence().print(m);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** `utils ha status` style: the group, a line per node, the matched row and what to do. */
    static String render(GroupStatus s) {
        StringBuilder b = new StringBuilder();
        b.append("Presence Redundancy Group: ").append(s.getGroup()).append("   High Availability: ")
                .append(s.getHaEnabled() ? "Enabled" : "Disabled").append("   (reported by ").append(s.getReporter()).append(")\n");
        if (s.getMaintenanceMode()) {
            b.append("Maintenance mode: ON (automatic failover, fallback and recovery held; manual actions possible)\n");
        }
        for (NodeReport n : s.getNodesList()) {
            var st = n.getStatus();
            if (!st.getReachable()) {
                b.append(String.format("  %-16s %-48s %s%n", st.getNode(), "— (unreachable)", ""));
                continue;
            }
            b.append(String.format("  %-16s %-48s %s%n", st.getNode(), "State: " + label(st.getState()),
                    "Reason: " + label(st.getReason())));
        }
        if (s.getMatrix().getMatched()) {
            var r = s.getMatrix().getRow();
            b.append("Matrix row ").append(r.getId()).append(" (node 1 = ").append(s.getMatrix().getNode1()).append("): ")
                    .append(r.getCause()).append('\n');
            if (r.getRecommendedActionsCount() == 0) {
                b.append("  Recommended action: none\n");
            }
            int i = 1;
            for (String a : r.getRecommendedActionsList()) {
                b.append("  ").append(i++).append(". ").append(a).append('\n');
            }
        } else {
            b.append("Matrix: no row matches (").append(s.getMatrix().getExplanation()).append(")\n");
        }
        if (s.getOfferedActionsCount() > 0) {
            b.append("Offered: ");
            b.append(String.join(", ", s.getOfferedActionsList().stream()
                    .map(o -> label(o.getAction()) + " " + o.getNode()).toList())).append('\n');
        }
        if (!s.getProblem().isEmpty()) {
            b.append("Problem: ").append(s.getProblem()).append('\n');
        }
        return b.toString();
    }

    abstract static class Sub implements Callable<Integer> {
        @ParentCommand
        TandemCtl root;

        @Override
        public Integer call() {
            return TandemCtl.call(root, this::run);
        }

        abstract int run();
    }

    /** Runs a command against {@code root}'s agent: gRPC errors become the documented exit codes; the channel closes. */
    static int call(TandemCtl root, java.util.function.IntSupplier run) {
        try {
            return run.getAsInt();
        } catch (StatusRuntimeException e) {
            return fail(root, e);
        } finally {
            root.close();
        }
    }

    static int fail(TandemCtl root, StatusRuntimeException e) {
        Status.Code c = e.getStatus().getCode();
        String msg = e.getStatus().getDescription() == null ? c.name() : e.getStatus().getDescription();
        PrintWriter err = root.spec.commandLine().getErr();
        switch (c) {
            case FAILED_PRECONDITION -> {
                err.println("refused: " + msg);
                err.flush();
                return REFUSED;
            }
            case UNAVAILABLE, DEADLINE_EXCEEDED -> {
                err.println("cannot reach the agent at " + root.agent + ": " + msg);
                err.flush();
                return UNREACHABLE;
            }
            case NOT_FOUND -> {
                err.println("not found: " + msg);
                err.flush();
                return NOT_FOUND;
            }
            case INVALID_ARGUMENT -> {
                err.println("invalid: " + msg);
                err.flush();
                return INVALID;
            }
            case UNAUTHENTICATED, PERMISSION_DENIED -> {
                err.println("not allowed: " + msg);
                err.flush();
                return NOT_ALLOWED;
            }
            default -> {
                err.println("error: " + c + ": " + msg);
                err.flush();
                return INTERNAL;
            }
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "The group: each node's state and reason, the matched matrix row and what to do.")
    static final class StatusCmd extends Sub {
        @Option(names = "--watch", description = "print again on every change (Ctrl-C to stop)")
        boolean watch;
        @Option(names = {"-o", "--output"}, description = "text (default) or json")
        String output = "text";

        int run() {
            if (!output.equals("text") && !output.equals("json")) {
                throw Status.INVALID_ARGUMENT.withDescription("--output must be text or json").asRuntimeException();
            }
            if (!watch) {
                print(root.stub().getGroupStatus(GetGroupStatusRequest.getDefaultInstance()));
                return OK;
            }
            Iterator<GroupStatus> it = root.streamStub().watchGroupStatus(WatchGroupStatusRequest.getDefaultInstance());
            String last = null;
            while (it.hasNext()) {
                GroupStatus s = it.next();
                // heartbeat figures change every beat; a text watch shows only what an operator reads
                String text = output.equals("json") ? json(s) + "\n" : render(s);
                if (output.equals("json") || !text.equals(last)) {
                    root.out().print(output.equals("json") ? text : "--- " + timeOf(s) + "\n" + text);
                    root.out().flush();
                }
                last = text;
            }
            return OK;
        }

        private static String timeOf(GroupStatus s) {
            return java.time.LocalTime.ofInstant(java.time.Instant.ofEpochSecond(s.getGeneratedAt().getSeconds(),
                    s.getGeneratedAt().getNanos()), java.time.ZoneId.systemDefault()).withNano(0).toString();
        }

        void print(GroupStatus s) {
            root.out().print(output.equals("json") ? json(s) + "\n" : render(s));
            root.out().flush();
        }
    }

    @Command(name = "failover", mixinStandardHelpOptions = true, description = "Manual failover of NODE: its users move to its peer.")
    static final class FailoverCmd extends Sub {
        @Parameters(paramLabel = "NODE")
        String node;

        @Option(names = "--check", description = "print the pre-flight checks only; change nothing (exit 3 when it would be refused)")
        boolean check;

        int run() {
            if (check) {
                return CheckPrinter.check(root, Action.FAILOVER, node);
            }
            ActionReply r = root.stub().failover(NodeActionRequest.newBuilder().setNode(node).setActor(root.actor).build());
            root.out().println(r.getMessage());
            return OK;
        }
    }

    @Command(name = "fallback", mixinStandardHelpOptions = true, description = "Manual fallback to NODE: its users come back to it.")
    static final class FallbackCmd extends Sub {
        @Parameters(paramLabel = "NODE")
        String node;

        @Option(names = "--check", description = "print the pre-flight checks only; change nothing (exit 3 when it would be refused)")
        boolean check;

        int run() {
            if (check) {
                return CheckPrinter.check(root, Action.FALLBACK, node);
            }
            ActionReply r = root.stub().fallback(NodeActionRequest.newBuilder().setNode(node).setActor(root.actor).build());
            root.out().println(r.getMessage());
            return OK;
        }
    }

    @Command(name = "recover", mixinStandardHelpOptions = true, description = "Manual recovery of GROUP: the SRM restarts on both nodes.")
    static final class RecoverCmd extends Sub {
        @Parameters(paramLabel = "GROUP")
        String group;

        @Option(names = "--check", description = "print the pre-flight checks only; change nothing (exit 3 when it would be refused)")
        boolean check;

        int run() {
            if (check) {
                return CheckPrinter.check(root, Action.RECOVERY, "");
            }
            ActionReply r = root.stub().recover(GroupActionRequest.newBuilder().setGroup(group).setActor(root.actor).build());
            root.out().println(r.getMessage());
            return OK;
        }
    }

    @Command(name = "services", mixinStandardHelpOptions = true,
            description = "Critical services of both nodes; `services start|stop NODE SERVICE` starts or stops one.",
            subcommands = {ServiceControlCmd.Start.class, ServiceControlCmd.Stop.class})
    static final class ServicesCmd extends Sub {
        int run() {
            GroupStatus s = root.stub().getGroupStatus(GetGroupStatusRequest.getDefaultInstance());
            root.out().printf("%-16s %-36s %-9s %-20s %s%n", "NODE", "SERVICE", "STATUS", "SINCE", "BINDING");
            for (NodeReport n : s.getNodesList()) {
                if (!n.getStatus().getReachable()) {
                    root.out().printf("%-16s %s%n", n.getStatus().getNode(), "(unreachable)");
                    continue;
                }
                for (CriticalServiceStatus c : n.getServicesList()) {
                    root.out().printf("%-16s %-36s %-9s %-20s %s%s%n", c.getNode(), c.getService(),
                            c.getRunning() ? "Running" : "Stopped", time(c.getSince()), c.getBinding(),
                            c.getDetail().isEmpty() ? "" : " (" + c.getDetail() + ")");
                }
                root.out().printf("%-16s %-36s %-9s %-20s%n", n.getStatus().getNode(), "Database",
                        n.getDatabase().getUp() ? "Up" : "Down", time(n.getDatabase().getSince()));
            }
            return OK;
        }
    }

    @Command(name = "dbreplication", mixinStandardHelpOptions = true, description = "Replication state per node, like `utils dbreplication runtimestate`.")
    static final class DbReplicationCmd extends Sub {
        int run() {
            GroupStatus s = root.stub().getGroupStatus(GetGroupStatusRequest.getDefaultInstance());
            root.out().printf("%-16s %-24s %-10s %-10s %s%n", "SERVER-NAME", "IP ADDRESS", "PING (ms)", "REPL. QUEUE",
                    "Replication Setup");
            for (NodeReport n : s.getNodesList()) {
                if (!n.getStatus().getReachable()) {
                    root.out().printf("%-16s %-24s %-10s %-10s %s%n", n.getStatus().getNode(), "-", "-", "-", "(unreachable)");
                    continue;
                }
                ReplicationRow r = n.getReplication();
                root.out().printf("%-16s %-24s %-10.3f %-11d %d%s%n", r.getNode(), r.getAddress(), r.getPingMs(),
                        r.getReplicationQueue(), r.getReplicationSetup(),
                        r.getReplicationSetup() == 2 ? " (Setup Completed)" : " (needs repair)");
            }
            // store convergence (issue 11): what each node knows about two stores that differ
            for (NodeReport n : s.getNodesList()) {
                if (!n.getReplication().getStoreSync().isEmpty()) {
                    root.out().printf("%s: %s%n", n.getStatus().getNode(), n.getReplication().getStoreSync());
                }
            }
            return OK;
        }
    }

    @Command(name = "events", mixinStandardHelpOptions = true, description = "Event history: state changes, alerts, admin actions.")
    static final class EventsCmd extends Sub {
        @Option(names = {"-f", "--follow"}, description = "keep printing new events")
        boolean follow;
        @Option(names = "--after", description = "only events after this id")
        long after;

        int run() {
            Iterator<HaEvent> it = root.streamStub().watchEvents(WatchEventsRequest.newBuilder().setAfterId(after)
                    .setHistoryOnly(!follow).build());
            while (it.hasNext()) {
                HaEvent e = it.next();
                String what = switch (e.getKind()) {
                    case STATE_CHANGE -> label(e.getFromState()) + " -> " + label(e.getToState()) + " (" + label(e.getReason()) + "): ";
                    case ALERT -> "ALERT " + e.getAlert() + ": ";
                    case ADMIN_ACTION -> "ADMIN " + e.getResult() + ": ";
                    default -> "";
                };
                root.out().printf("%5d %s %-10s %s%s%n", e.getId(), time(e.getAt()), e.getNode(), what, e.getSentence());
                root.out().flush();
            }
            return OK;
        }
    }

    @Command(name = "audit", mixinStandardHelpOptions = true,
            description = "Admin actions: when, on which node, who (the proven identity and address), what, and the result.")
    static final class AuditCmd extends Sub {
        @Option(names = "--after", description = "only entries after this event id")
        long after;

        int run() {
            Iterator<HaEvent> it = root.streamStub().watchEvents(WatchEventsRequest.newBuilder().setAfterId(after)
                    .setHistoryOnly(true).build());
            root.out().printf("%5s %-19s %-10s %-40s %-10s %s%n", "id", "time", "node", "who", "result", "action");
            while (it.hasNext()) {
                HaEvent e = it.next();
                if (e.getKind() != EventKind.ADMIN_ACTION) {
                    continue;
                }
                root.out().printf("%5d %s %-10s %-40s %-10s %s%n", e.getId(), time(e.getAt()), e.getNode(), e.getActor(),
                        e.getResult().length() > 10 ? e.getResult().substring(0, 10) : e.getResult(), e.getSentence());
            }
            root.out().flush();
            return OK;
        }
    }

    /** Runs the command line and returns the exit code (tests call this). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new TandemCtl());
        cl.setOut(out);
        cl.setErr(err);
        try {
            return cl.execute(args);
        } finally {
            // every command's output reaches the terminal, whichever print call it used
            out.flush();
            err.flush();
        }
    }

    public static void main(String[] args) {
        int code = run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
        System.exit(code);
    }
}
