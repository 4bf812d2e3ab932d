package dev.tandem.console.util;

import dev.tandem.proto.ha.v1.NodeState;
import dev.tandem.proto.ha.v1.NodeStatus;
import dev.tandem.proto.ha.v1.StateKind;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import javafx.scene.image.Image;
import javafx.scene.paint.Color;

/**
 * How a node state is badged. Transitional and error come from the agent's StateKind; the
 * stable states are split so an operator sees at a glance who serves users: normal, backup
 * (serving the peer's users too), idle (failed over, serving nobody), failed, unknown.
 * Idle is a sixth kind beyond the five asked for: a planned manual failover should not look
 * like a failure (red), nor like normal operation (green).
 */
public enum StateIcon {
    NORMAL("state-normal.png", Color.web("#2e9d4f")),
    BACKUP("state-backup.png", Color.web("#2f6fd0")),
    IDLE("state-idle.png", Color.web("#8a8f98")),
    TRANSITIONAL("state-transitional.png", Color.web("#e0a100")),
    FAILED("state-failed.png", Color.web("#d13b3b")),
    UNKNOWN("state-unknown.png", Color.web("#6b4fa3"));

    private static final Map<StateIcon, Image> CACHE = new EnumMap<>(StateIcon.class);
    private final String file;
    private final Color color;

    StateIcon(String file, Color color) {
        this.file = file;
        this.color = color;
    }

    public Color color() {
        return color;
    }

    public String file() {
        return file;
    }

    public static StateIcon of(NodeStatus s) {
        if (!s.getReachable()) {
            return UNKNOWN;
        }
        return of(s.getState(), s.getKind());
    }

    public static StateIcon of(NodeState state, StateKind kind) {
        if (kind == StateKind.TRANSITIONAL) {
            return TRANSITIONAL;
        }
        return switch (state) {
            case NORMAL -> NORMAL;
            case RUNNING_IN_BACKUP_MODE, BACKUP_ACTIVATED -> BACKUP;
            case IDLE, FAILED_OVER -> IDLE;
            case INITIALIZING, TAKING_OVER, FAILING_OVER, FALLING_BACK, TAKING_BACK -> TRANSITIONAL;
            case RUNNING_IN_FAILED_MODE, FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING,
                 FAILOVER_AFFECTED_SERVICES -> FAILED;
            default -> kind == StateKind.ERROR ? FAILED : UNKNOWN;
        };
    }

    /**
     * How bad a kind is, for rolling states up (THE worst-state rule, used for a group over its
     * nodes and a cluster over its groups): failed, then unknown (nobody can tell), then a
     * transition under way, then idle (a node serving nobody), then backup (one node serving
     * both), then normal.
     */
    public int severity() {
        return switch (this) {
            case NORMAL -> 0;
            case BACKUP -> 1;
            case IDLE -> 2;
            case TRANSITIONAL -> 3;
            case UNKNOWN -> 4;
            case FAILED -> 5;
        };
    }

    /** The worst of {@code kinds} by {@link #severity()}; UNKNOWN when there are none. */
    public static StateIcon worst(Collection<StateIcon> kinds) {
        return kinds.stream().max(java.util.Comparator.comparingInt(StateIcon::severity)).orElse(UNKNOWN);
    }

    /**
     * A group's kind: the worst of its nodes; UNKNOWN when no live agent reports it (the data
     * may be old) or it reports no node.
     */
    public static StateIcon ofGroup(dev.tandem.proto.admin.v1.GroupStatus s, boolean live) {
        if (!live || s.getNodesCount() == 0) {
            return UNKNOWN;
        }
        return worst(s.getNodesList().stream().map(n -> of(n.getStatus())).toList());
    }

    /** What the kind is called next to its icon (and for screen readers). */
    public String label() {
        return switch (this) {
            case NORMAL -> "Normal";
            case BACKUP -> "Serving the peer's users";
            case IDLE -> "Serving nobody";
            case TRANSITIONAL -> "In transition";
            case FAILED -> "Failed";
            case UNKNOWN -> "Unknown";
        };
    }

    /** The 16 px image, from icons/ on the classpath; loaded once. FX thread only. */
    public Image image() {
        return CACHE.computeIfAbsent(this, k -> Icons.load(k.file, 16));
    }
}
