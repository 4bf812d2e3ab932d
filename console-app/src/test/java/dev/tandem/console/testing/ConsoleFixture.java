package dev.tandem.console.testing;

import dev.tandem.console.ConsoleContext;
import dev.tandem.console.MainViewModel;
import dev.tandem.console.connection.AgentAddress;
import dev.tandem.console.connection.Backoff;
import dev.tandem.proto.admin.v1.GroupStatus;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A console client layer wired to an in-process test-double agent, without a window. Call
 * results queue up and run on the test thread during {@link #tick()}, as on the FX thread.
 */
public final class ConsoleFixture implements AutoCloseable {
    private static int counter;

    public final ScriptedAdminServiceDouble agent;
    public final InProcessAgent server;
    public final ConsoleContext ctx;
    public final MainViewModel vm;
    private final Queue<Runnable> ui = new ConcurrentLinkedQueue<>();
    private final boolean ownsServer;

    public ConsoleFixture(GroupStatus initial) throws Exception {
        agent = new ScriptedAdminServiceDouble(initial);
        server = new InProcessAgent(new AgentAddress("agent-" + (++counter) + "-" + System.nanoTime(), 20075), agent)
                .start();
        ctx = new ConsoleContext(InProcessAgent.channels(), new Backoff(50, 400), ui::add);
        vm = new MainViewModel(ctx);
        ownsServer = true;
    }

    private ConsoleFixture(ScriptedAdminServiceDouble agent, InProcessAgent server) {
        this.agent = agent;
        this.server = server;
        ctx = new ConsoleContext(InProcessAgent.channels(), new Backoff(50, 400), ui::add);
        vm = new MainViewModel(ctx);
        ownsServer = false;
    }

    /** Another console, connected to the same agent (closing it leaves the agent running). */
    public ConsoleFixture secondConsole() {
        return new ConsoleFixture(agent, server).connect();
    }

    public ConsoleFixture connect() {
        vm.connections().add(server.address());
        return this;
    }

    /** One drain step: run queued call results, then the view models' tick. */
    public void tick() {
        Runnable r;
        while ((r = ui.poll()) != null) {
            r.run();
        }
        vm.tick(System.currentTimeMillis());
    }

    /** Ticks until the condition holds; fails after 5 s. */
    public void until(BooleanSupplier condition) {
        await(() -> {
            tick();
            return condition.getAsBoolean();
        });
    }

    public static void await(Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, condition);
        } catch (TimeoutException e) {
            throw new AssertionError("condition not met within 5 s", e);
        }
    }

    @Override
    public void close() throws Exception {
        ctx.close();
        if (ownsServer) {
            server.close();
        }
    }
}
