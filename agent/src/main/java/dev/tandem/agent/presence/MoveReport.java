package dev.tandem.agent.presence;

import dev.tandem.agent.srm.MoveKind;

import java.time.Duration;

/** What one move did: how many users changed serving node, and how long it took
 * (database transaction plus session changes). */
public record MoveReport(MoveKind kind, String node, int usersMoved, Duration elapsed) {
    /** One sentence for logs and the SRM's history. */
    public String describe() {
        return node + ": " + kind + " moved " + usersMoved + " user(s) in " + elapsed.toMillis() + " ms";
    }
}
