package dev.tandem.agent.presence.users;

import dev.tandem.agent.presence.GroupNodes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Where users live under each {@link UserAssignmentMode}. Pure functions: no store, no state. */
public final class Placement {
    private Placement() {
    }

    /** Home node of a new user, given the current home counts (null under NONE). */
    public static String homeForNewUser(UserAssignmentMode mode, GroupNodes nodes, Map<String, Integer> homeCounts) {
        return switch (mode) {
            case NONE -> null;
            case ACTIVE_STANDBY -> nodes.first();
            case BALANCED -> homeCounts.getOrDefault(nodes.second(), 0) < homeCounts.getOrDefault(nodes.first(), 0)
                    ? nodes.second() : nodes.first();
        };
    }

    /**
     * New home node of every user (user id to node, null under NONE). BALANCED keeps as many
     * users where they are as it can and moves only the surplus, so a re-placement disturbs
     * few clients; the choice of who moves is deterministic (highest ids first).
     */
    public static Map<String, String> place(UserAssignmentMode mode, GroupNodes nodes, Map<String, String> currentHomes) {
        Map<String, String> result = new HashMap<>();
        switch (mode) {
            case NONE -> currentHomes.keySet().forEach(u -> result.put(u, null));
            case ACTIVE_STANDBY -> currentHomes.keySet().forEach(u -> result.put(u, nodes.first()));
            case BALANCED -> balance(nodes, new TreeMap<>(currentHomes), result);
        }
        return result;
    }

    private static void balance(GroupNodes nodes, TreeMap<String, String> sorted, Map<String, String> result) {
        List<String> onFirst = new ArrayList<>();
        List<String> onSecond = new ArrayList<>();
        List<String> unplaced = new ArrayList<>();
        sorted.forEach((user, home) -> {
            if (nodes.first().equals(home)) {
                onFirst.add(user);
            } else if (nodes.second().equals(home)) {
                onSecond.add(user);
            } else {
                unplaced.add(user);
            }
        });
        for (String user : unplaced) {
            (onSecond.size() < onFirst.size() ? onSecond : onFirst).add(user);
        }
        while (onFirst.size() > onSecond.size() + 1) {
            onSecond.add(onFirst.remove(onFirst.size() - 1));
        }
        while (onSecond.size() > onFirst.size()) {
            onFirst.add(onSecond.remove(onSecond.size() - 1));
        }
        onFirst.forEach(u -> result.put(u, nodes.first()));
        onSecond.forEach(u -> result.put(u, nodes.second()));
    }
}
