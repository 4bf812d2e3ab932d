package dev.tandem.tools.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A campaign JVM stopped by SIGTERM takes the children it started with it. */
class ChildProcessesTest {

    /** The "campaign": starts a long sleep as its tracked child, prints its PID, waits. */
    public static final class Parent {
        public static void main(String[] args) throws Exception {
            Process child = ChildProcesses.track(new ProcessBuilder("sleep", "300").start());
            System.out.println(child.pid());
            System.out.flush();
            new java.util.concurrent.CountDownLatch(1).await(5, TimeUnit.MINUTES); // until the test's SIGTERM
        }
    }

    @Test
    void sigtermToTheParentKillsItsLiveChildren() throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process parent = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Parent.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        long childPid;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertThat(line).as("the parent's child PID").isNotNull();
            childPid = Long.parseLong(line.trim());
        }
        Optional<ProcessHandle> child = ProcessHandle.of(childPid);
        assertThat(child).as("the child runs").isPresent();
        try {
            parent.destroy(); // SIGTERM: the JVM runs its shutdown hooks
            assertThat(parent.waitFor(20, TimeUnit.SECONDS)).as("the parent exits").isTrue();
            assertThat(child.get().onExit().completeOnTimeout(null, 10, TimeUnit.SECONDS).get())
                    .as("the child ended with its parent").isNotNull();
        } finally {
            child.ifPresent(ProcessHandle::destroyForcibly);
            parent.destroyForcibly();
        }
    }
}
