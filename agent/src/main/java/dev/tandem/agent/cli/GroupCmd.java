package dev.tandem.agent.cli;

import dev.tandem.proto.admin.v1.GetConfigurationRequest;
import dev.tandem.proto.admin.v1.GroupConfiguration;
import dev.tandem.proto.admin.v1.UpdateGroupRequest;
import io.grpc.Status;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** `tandemctl group get|set`: the presence redundancy group (UpdateGroup): name, description, nodes, HA on/off. */
@Command(name = "group", mixinStandardHelpOptions = true, description = "The presence redundancy group's definition.",
        subcommands = {GroupCmd.Get.class, GroupCmd.Set.class})
final class GroupCmd implements Callable<Integer> {
    @ParentCommand
    TandemCtl root;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return TandemCtl.USAGE;
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Print the group's configuration (JSON).")
    static final class Get implements Callable<Integer> {
        @ParentCommand
        GroupCmd group;

        @Override
        public Integer call() {
            TandemCtl root = group.root;
            return TandemCtl.call(root, () -> {
                root.out().print(TandemCtl.json(root.stub().getConfiguration(GetConfigurationRequest.getDefaultInstance())) + "\n");
                return TandemCtl.OK;
            });
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Change the group: what is not given stays as it is. Example: group set --ha off")
    static final class Set implements Callable<Integer> {
        @ParentCommand
        GroupCmd group;
        @Option(names = "--name", description = "the group's name")
        String name;
        @Option(names = "--description", description = "its description")
        String description;
        @Option(names = "--nodes", split = ",", paramLabel = "NODE1,NODE2", description = "the two nodes, node 1 first")
        String[] nodes;
        @Option(names = "--ha", paramLabel = "on|off", description = "high availability on or off")
        String ha;

        @Override
        public Integer call() {
            TandemCtl root = group.root;
            return TandemCtl.call(root, () -> {
                if (ha != null && !ha.equals("on") && !ha.equals("off")) {
                    throw Status.INVALID_ARGUMENT.withDescription("--ha takes on or off, not '" + ha + "'").asRuntimeException();
                }
                GroupConfiguration cur = root.stub().getConfiguration(GetConfigurationRequest.getDefaultInstance());
                UpdateGroupRequest r = UpdateGroupRequest.newBuilder()
                        .setGroup(name != null ? name : cur.getGroup())
                        .setDescription(description != null ? description : cur.getDescription())
                        .addAllNodes(nodes != null ? Arrays.asList(nodes) : cur.getNodesList())
                        .setHaEnabled(ha != null ? ha.equals("on") : cur.getHaEnabled())
                        .setActor(root.actor).build();
                GroupConfiguration g = root.stub().updateGroup(r);
                root.out().println("Group " + g.getGroup() + " saved: nodes " + String.join(", ", g.getNodesList())
                        + ", high availability " + (g.getHaEnabled() ? "on" : "off") + ".");
                return TandemCtl.OK;
            });
        }
    }
}
