package dev.tandem.agent.cli;

import dev.tandem.proto.admin.v1.AddUsersRequest;
import dev.tandem.proto.admin.v1.RemoveUsersRequest;
import dev.tandem.proto.admin.v1.UsersReply;
import io.grpc.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * `tandemctl users add|remove`: the presence user store of the group (AddUsers / RemoveUsers).
 * Login secrets come from a file, never from the command line (other users of the machine
 * can read command lines); adding a user that exists sets its secret anew.
 */
@Command(name = "users", mixinStandardHelpOptions = true,
        description = "List, add or remove presence users; set login secrets; the user assignment mode.",
        subcommands = {UsersCmd.ListCmd.class, UsersCmd.Add.class, UsersCmd.Remove.class, UsersCmd.Mode.class})
final class UsersCmd implements java.util.concurrent.Callable<Integer> {
    @picocli.CommandLine.ParentCommand
    TandemCtl root;
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return TandemCtl.USAGE;
    }

    /** A users subcommand: gRPC errors become the documented exit codes, as for every command. */
    abstract static class UsersSub implements java.util.concurrent.Callable<Integer> {
        @picocli.CommandLine.ParentCommand
        UsersCmd users;
        TandemCtl root;

        @Override
        public Integer call() {
            root = users.root;
            return TandemCtl.call(root, this::run);
        }

        abstract int run();
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add users (existing ones are left as they are) and set the secrets given in --secrets.")
    static final class Add extends UsersSub {
        @Option(names = "--secrets", paramLabel = "FILE",
                description = "lines USER=SECRET (# comments); each secret is stored hashed, replicated to the peer, "
                        + "and replaces the user's old one")
        Path secrets;
        @Parameters(paramLabel = "USER", arity = "0..*", description = "user ids (the users of --secrets are added too)")
        List<String> users = List.of();

        @Override
        int run() {
            Map<String, String> given = secrets == null ? Map.of() : read(secrets);
            AddUsersRequest.Builder r = AddUsersRequest.newBuilder().addAllUsers(users).setActor(root.actor).putAllSecrets(given);
            given.keySet().stream().filter(u -> !users.contains(u)).forEach(r::addUsers);
            if (r.getUsersCount() == 0) {
                throw Status.INVALID_ARGUMENT.withDescription("name at least one user, or give --secrets FILE").asRuntimeException();
            }
            UsersReply reply = root.stub().addUsers(r.build());
            root.out().println("Added " + reply.getChanged() + " of " + r.getUsersCount() + " user(s)"
                    + (given.isEmpty() ? "" : "; secret set for " + given.size()) + "; the group has " + reply.getTotal() + " users.");
            return TandemCtl.OK;
        }

        /** USER=SECRET lines; a line that is not that is a usage error naming its number, never quoting the secret. */
        private Map<String, String> read(Path file) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw Status.INVALID_ARGUMENT.withDescription("cannot read --secrets " + file + ": " + e.getMessage()).asRuntimeException();
            }
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int eq = line.indexOf('=');
                if (eq <= 0 || eq == line.length() - 1) {
                    throw Status.INVALID_ARGUMENT.withDescription(file + " line " + (i + 1) + ": expected USER=SECRET")
                            .asRuntimeException();
                }
                if (m.put(line.substring(0, eq).strip(), line.substring(eq + 1)) != null) {
                    throw Status.INVALID_ARGUMENT.withDescription(file + " line " + (i + 1) + ": user "
                            + line.substring(0, eq).strip() + " is given twice").asRuntimeException();
                }
            }
            return m;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove users (and their secrets) from the group.")
    static final class Remove extends UsersSub {
        @Parameters(paramLabel = "USER", arity = "1..*")
        List<String> users;

        @Override
        int run() {
            UsersReply reply = root.stub().removeUsers(RemoveUsersRequest.newBuilder().addAllUsers(users).setActor(root.actor).build());
            root.out().println("Removed " + reply.getChanged() + " of " + users.size() + " user(s); the group has "
                    + reply.getTotal() + " users.");
            return TandemCtl.OK;
        }
    }

    @Command(name = "mode", mixinStandardHelpOptions = true,
            description = "Set the user assignment mode (SetUserAssignmentMode): balanced, active-standby or none.")
    static final class Mode extends UsersSub {
        @Parameters(paramLabel = "MODE", description = "balanced, active-standby or none")
        String mode;

        @Override
        int run() {
            var m = dev.tandem.contract.cli.TandemctlCommands.mode(mode).orElseThrow(() -> Status.INVALID_ARGUMENT
                    .withDescription("the mode is balanced, active-standby or none, not '" + mode + "'").asRuntimeException());
            var g = root.stub().setUserAssignmentMode(dev.tandem.proto.admin.v1.SetUserAssignmentModeRequest.newBuilder()
                    .setMode(m).setActor(root.actor).build());
            root.out().println("User assignment mode of group " + g.getGroup() + ": "
                    + dev.tandem.contract.cli.TandemctlCommands.modeLabel(g.getUserAssignmentMode()) + ".");
            return TandemCtl.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List users by id: home node, serving node and session (ListUsers), one page or --all.")
    static final class ListCmd extends UsersSub {
        @Option(names = "--filter", paramLabel = "TEXT", description = "only user ids containing TEXT (any case)")
        String filter = "";
        @Option(names = "--page-size", paramLabel = "N", description = "users per page, 1..1000 (default 100)")
        int pageSize = 100;
        @Option(names = "--page-token", paramLabel = "TOKEN", description = "the next page, as the previous one printed it")
        String pageToken = "";
        @Option(names = "--all", description = "every page")
        boolean all;

        @Override
        int run() {
            var out = root.out();
            String token = pageToken;
            int shown = 0;
            dev.tandem.proto.admin.v1.UserList page;
            out.printf("%-24s %-16s %-16s %s%n", "USER", "HOME", "SERVING", "SESSION");
            do {
                page = root.stub().listUsers(dev.tandem.proto.admin.v1.ListUsersRequest.newBuilder().setFilter(filter)
                        .setPageSize(pageSize).setPageToken(token).build());
                for (var u : page.getUsersList()) {
                    out.printf("%-24s %-16s %-16s %s%n", u.getUser(), dash(u.getHomeNode()), dash(u.getServingNode()),
                            session(u.getSession(), u.getServingNode()));
                }
                shown += page.getUsersCount();
                token = page.getNextPageToken();
            } while (all && !token.isEmpty());
            out.printf("%,d of %,d matching user(s) shown; the group has %,d (assignment mode %s; sessions as %s sees them).%n",
                    shown, page.getMatching(), page.getTotal(),
                    dev.tandem.contract.cli.TandemctlCommands.modeLabel(page.getMode()), page.getReporter());
            if (!token.isEmpty()) {
                out.println("More: --page-token " + token + "   (or --all)");
            }
            return TandemCtl.OK;
        }

        private static String dash(String s) {
            return s.isEmpty() ? "-" : s;
        }

        private static String session(dev.tandem.proto.admin.v1.SessionState s, String serving) {
            return switch (s) {
                case LOGGED_IN -> "logged in";
                case NOT_LOGGED_IN -> "not logged in";
                case NOT_SERVED -> "not served";
                default -> "ask " + serving + "'s agent";
            };
        }
    }
}
