package dev.tandem.contract.cli;

import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.tandem.proto.admin.v1.AcknowledgeAlertRequest;
import dev.tandem.proto.admin.v1.AddUsersRequest;
import dev.tandem.proto.admin.v1.CriticalServiceRequest;
import dev.tandem.proto.admin.v1.GroupActionRequest;
import dev.tandem.proto.admin.v1.NodeActionRequest;
import dev.tandem.proto.admin.v1.RemoveUsersRequest;
import dev.tandem.proto.admin.v1.ServiceParameters;
import dev.tandem.proto.admin.v1.SetMaintenanceModeRequest;
import dev.tandem.proto.admin.v1.SetParametersRequest;
import dev.tandem.proto.admin.v1.SetUserAssignmentModeRequest;
import dev.tandem.proto.admin.v1.UpdateGroupRequest;
import dev.tandem.proto.admin.v1.UserAssignmentMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The ONE place that says which {@code tandemctl} command sends a given admin request: the
 * console's command log prints these lines, and the agent's tests run each of them through
 * tandemctl and check that it sends the same request (actor aside), so the two cannot drift.
 * Each method takes the request exactly as a client sends it.
 */
public final class TandemctlCommands {
    private TandemctlCommands() {
    }

    /** What an action is called for a person, and the tandemctl arguments after the global options. */
    public record Command(String label, List<String> args) {
        public Command {
            args = List.copyOf(args);
        }

        /**
         * The whole line to type against {@code agent} (host:port): {@code tandemctl --agent A ...},
         * each argument quoted for a POSIX shell when it needs it. The credential and the actor come
         * from the operator's environment ($TANDEM_PKI, $TANDEM_AS, $USER), as for any tandemctl use.
         */
        public String line(String agent) {
            StringBuilder b = new StringBuilder("tandemctl --agent ").append(quote(agent));
            args.forEach(a -> b.append(' ').append(quote(a)));
            return b.toString();
        }
    }

    public static Command failover(NodeActionRequest r) {
        return new Command("Failover of " + r.getNode(), List.of("failover", r.getNode()));
    }

    public static Command fallback(NodeActionRequest r) {
        return new Command("Fallback of " + r.getNode(), List.of("fallback", r.getNode()));
    }

    public static Command recover(GroupActionRequest r) {
        return new Command("Recovery of group " + r.getGroup(), List.of("recover", r.getGroup()));
    }

    public static Command startService(CriticalServiceRequest r) {
        return new Command("Start " + r.getService() + " on " + r.getNode(),
                List.of("services", "start", r.getNode(), r.getService()));
    }

    public static Command stopService(CriticalServiceRequest r) {
        return new Command("Stop " + r.getService() + " on " + r.getNode(),
                List.of("services", "stop", r.getNode(), r.getService()));
    }

    public static Command failDatabase(NodeActionRequest r) {
        return new Command("Fail the database of " + r.getNode(), List.of("db", "fail", r.getNode()));
    }

    public static Command restoreDatabase(NodeActionRequest r) {
        return new Command("Restore the database of " + r.getNode(), List.of("db", "restore", r.getNode()));
    }

    /** The whole group definition, as UpdateGroup takes it (tandemctl sends every field given). */
    public static Command updateGroup(UpdateGroupRequest r) {
        List<String> a = new ArrayList<>(List.of("group", "set", "--name", r.getGroup(), "--description",
                r.getDescription()));
        if (r.getNodesCount() > 0) {
            a.add("--nodes");
            a.add(String.join(",", r.getNodesList()));
        }
        a.add("--ha");
        a.add(r.getHaEnabled() ? "on" : "off");
        return new Command("Save group " + r.getGroup() + " (high availability " + (r.getHaEnabled() ? "on" : "off")
                + ")", a);
    }

    /** Every parameter of the request (SetParameters takes the full set), by its proto field name. */
    public static Command setParameters(SetParametersRequest r) {
        List<String> a = new ArrayList<>(List.of("params", "set"));
        ServiceParameters p = r.getParameters();
        for (FieldDescriptor f : ServiceParameters.getDescriptor().getFields()) {
            a.add(f.getName() + "=" + p.getField(f));
        }
        return new Command("Save the service parameters", a);
    }

    public static Command setAssignmentMode(SetUserAssignmentModeRequest r) {
        return new Command("User assignment mode: " + modeLabel(r.getMode()), List.of("users", "mode",
                modeWord(r.getMode())));
    }

    public static Command setMaintenanceMode(SetMaintenanceModeRequest r) {
        return new Command("Maintenance mode " + (r.getOn() ? "on" : "off"), List.of("maintenance",
                r.getOn() ? "on" : "off"));
    }

    /**
     * Users without secrets. With secrets tandemctl reads them from a file (never from the
     * command line), so the line names {@code --secrets FILE} for the operator to write.
     */
    public static Command addUsers(AddUsersRequest r) {
        List<String> a = new ArrayList<>(List.of("users", "add"));
        a.addAll(r.getUsersList());
        if (r.getSecretsCount() > 0) {
            a.add("--secrets");
            a.add("FILE");
        }
        return new Command("Add " + count(r.getUsersCount()) + usersNamed(r.getUsersList()), a);
    }

    public static Command removeUsers(RemoveUsersRequest r) {
        List<String> a = new ArrayList<>(List.of("users", "remove"));
        a.addAll(r.getUsersList());
        return new Command("Remove " + count(r.getUsersCount()) + usersNamed(r.getUsersList()), a);
    }

    public static Command acknowledgeAlert(AcknowledgeAlertRequest r) {
        return new Command("Acknowledge alert " + r.getId(), List.of("alerts", "ack", Long.toString(r.getId())));
    }

    /** The word tandemctl takes for a mode ({@code users mode WORD}): balanced, active-standby, none. */
    public static String modeWord(UserAssignmentMode m) {
        return switch (m) {
            case BALANCED -> "balanced";
            case ACTIVE_STANDBY -> "active-standby";
            case NONE -> "none";
            case USER_ASSIGNMENT_MODE_UNSPECIFIED, UNRECOGNIZED -> "unspecified";
        };
    }

    /** The mode a word names, if any (case-insensitive; "active_standby" too). */
    public static Optional<UserAssignmentMode> mode(String word) {
        String w = word == null ? "" : word.strip().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        return switch (w) {
            case "balanced" -> Optional.of(UserAssignmentMode.BALANCED);
            case "active-standby" -> Optional.of(UserAssignmentMode.ACTIVE_STANDBY);
            case "none" -> Optional.of(UserAssignmentMode.NONE);
            default -> Optional.empty();
        };
    }

    /** How the guide names a mode: Balanced, Active/Standby, None. */
    public static String modeLabel(UserAssignmentMode m) {
        return switch (m) {
            case BALANCED -> "Balanced";
            case ACTIVE_STANDBY -> "Active/Standby";
            case NONE -> "None";
            case USER_ASSIGNMENT_MODE_UNSPECIFIED, UNRECOGNIZED -> "-";
        };
    }

    /** A POSIX shell word: as is when it is safe, else in single quotes. */
    public static String quote(String s) {
        if (!s.isEmpty() && s.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_.,:/=@+%".indexOf(c) >= 0)) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static String count(int n) {
        return n == 1 ? "1 user" : String.format("%,d users", n);
    }

    private static String usersNamed(List<String> users) {
        if (users.isEmpty()) {
            return "";
        }
        return users.size() <= 3 ? " (" + String.join(", ", users) + ")"
                : " (" + String.join(", ", users.subList(0, 3)) + ", …)";
    }
}
