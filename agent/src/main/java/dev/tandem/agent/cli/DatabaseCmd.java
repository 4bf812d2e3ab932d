package dev.tandem.agent.cli;

import dev.tandem.proto.admin.v1.DatabaseStatus;
import dev.tandem.proto.admin.v1.NodeActionRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** `tandemctl db fail|restore NODE` (FailDatabase / RestoreDatabase: fault injection on an emulated node). */
@Command(name = "db", mixinStandardHelpOptions = true, description = "Fail or restore a node's database.",
        subcommands = {DatabaseCmd.Fail.class, DatabaseCmd.Restore.class})
final class DatabaseCmd implements Callable<Integer> {
    @ParentCommand
    TandemCtl root;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return TandemCtl.USAGE;
    }

    abstract static class Base implements Callable<Integer> {
        @ParentCommand
        DatabaseCmd db;
        @Parameters(paramLabel = "NODE")
        String node;

        @Override
        public Integer call() {
            TandemCtl root = db.root;
            return TandemCtl.call(root, () -> {
                NodeActionRequest r = NodeActionRequest.newBuilder().setNode(node).setActor(root.actor).build();
                DatabaseStatus s = fail() ? root.stub().failDatabase(r) : root.stub().restoreDatabase(r);
                root.out().println("The database of " + node + " is now " + (s.getUp() ? "up" : "down"));
                return TandemCtl.OK;
            });
        }

        abstract boolean fail();
    }

    @Command(name = "fail", mixinStandardHelpOptions = true, description = "Fail NODE's database (fault injection).")
    static final class Fail extends Base {
        @Override
        boolean fail() {
            return true;
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true, description = "Restore NODE's database.")
    static final class Restore extends Base {
        @Override
        boolean fail() {
            return false;
        }
    }
}
