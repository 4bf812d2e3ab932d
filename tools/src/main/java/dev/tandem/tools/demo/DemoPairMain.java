package dev.tandem.tools.demo;

import java.nio.file.Path;
import java.util.List;

/**
 * The console's demo pair in a process of its own, so a benchmark can measure the console alone
 * (bench/console-bench.sh). Prints one line, the console's arguments to reach the pair
 * ({@code --agent A --agent B --pki DIR --as admin}), then runs until its standard input closes.
 */
public final class DemoPairMain {
    private DemoPairMain() {}

    public static void main(String[] args) throws Exception {
        EmbeddedDemoPair demo = new EmbeddedDemoPair();
        List<String> agents = demo.start();
        Path pki = Path.of(demo.credentials().get("ca")).getParent();
        StringBuilder line = new StringBuilder();
        agents.forEach(a -> line.append("--agent ").append(a).append(' '));
        line.append("--pki ").append(pki).append(" --as admin");
        System.out.println(line);
        System.out.flush();
        try {
            while (System.in.read() >= 0) {
                // runs until stdin closes (the script that started it ends)
            }
        } finally {
            demo.close();
        }
    }
}
