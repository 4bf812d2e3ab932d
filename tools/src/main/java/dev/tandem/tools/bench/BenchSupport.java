package dev.tandem.tools.bench;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/** Shared bits of the presence benchmarks (main programs, not run by mvn verify). */
final class BenchSupport {
    private BenchSupport() {
    }

    static List<String> users(int n) {
        return IntStream.range(0, n).mapToObj(i -> String.format("user%05d", i)).toList();
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static int intArg(String[] args, int index, int fallback) {
        return args.length > index ? Integer.parseInt(args[index]) : fallback;
    }
}
