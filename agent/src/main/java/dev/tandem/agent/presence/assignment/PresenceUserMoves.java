package dev.tandem.agent.presence.assignment;

import dev.tandem.agent.presence.MoveFailedException;
import dev.tandem.agent.presence.MoveReport;
import dev.tandem.agent.presence.UserMoves;
import dev.tandem.agent.srm.MoveKind;
import dev.tandem.agent.presence.store.MoveFault;
import dev.tandem.agent.presence.store.PresenceStore;
import dev.tandem.agent.presence.users.UserRecord;
import dev.tandem.agent.presence.users.UserStore;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The moves the SRM commands, as changes of each user's serving node. The user store writes
 * each move in one transaction; the session manager follows the committed change (promotes
 * standby sessions of users now served here, redirects active connections of users moved
 * away). A failed write moves nobody.
 */
public final class PresenceUserMoves implements UserMoves {
    private static final Logger log = LoggerFactory.getLogger(PresenceUserMoves.class);

    private final UserStore users;
    private final PresenceStore db;
    private final String self;
    private final String peer;
    private volatile java.util.function.Consumer<MoveReport> reportListener = r -> { };

    public PresenceUserMoves(UserStore users, PresenceStore db) {
        this.users = users;
        this.db = db;
        this.self = users.self();
        this.peer = users.peer();
    }

    /** Fault injection: the next move's database write fails half-way (for the HA states
     * Take Over Users Failed and Take Back Users Failed). */
    /** Told every completed move (the metrics' move duration histogram). */
    public void setReportListener(java.util.function.Consumer<MoveReport> l) {
        reportListener = l;
    }

    public void failNextMove(MoveFault fault) {
        db.failNextMove(fault);
    }

    @Override
    public MoveReport move(MoveKind kind) throws MoveFailedException {
        // one predicate and one target per kind, so TAKE_ALL / GIVE_ALL are one transaction too
        Predicate<UserRecord> takeOver = u -> u.isHomedOn(peer) && u.isServedBy(peer);
        Predicate<UserRecord> handOver = u -> u.isHomedOn(self) && u.isServedBy(self);
        Predicate<UserRecord> takeBack = u -> u.isHomedOn(self) && !u.isServedBy(self);
        Predicate<UserRecord> giveBack = u -> u.isHomedOn(peer) && u.isServedBy(self);
        Function<UserRecord, String> here = u -> self;
        Function<UserRecord, String> there = u -> peer;
        return switch (kind) {
            case TAKE_OVER -> run(kind, takeOver, here);
            case HAND_OVER -> run(kind, handOver, there);
            case TAKE_BACK -> run(kind, takeBack, here);
            case GIVE_BACK -> run(kind, giveBack, there);
            case TAKE_ALL -> run(kind, takeOver.or(takeBack), here);
            case GIVE_ALL -> run(kind, handOver.or(giveBack), there);
            case RESET_TO_HOME -> run(kind, u -> u.homeNode() != null, UserRecord::homeNode);
        };
    }

    private MoveReport run(MoveKind kind, Predicate<UserRecord> which, Function<UserRecord, String> target)
            throws MoveFailedException {
        long start = System.nanoTime();
        List<UserRecord> moved;
        try {
            moved = users.move(kind, which, target);
        } catch (SQLException | RuntimeException e) {
            log.error("{}: {} failed, nobody moved: {}", self, kind, e.getMessage());
            throw new MoveFailedException(kind, self + ": " + kind + " failed, nobody moved: " + e.getMessage(), e);
        }
        MoveReport report = new MoveReport(kind, self, moved.size(), Duration.ofNanos(System.nanoTime() - start));
        log.info("{} ({})", report.describe(), users.lastMoveBreakdown());
        reportListener.accept(report);
        return report;
    }
}
