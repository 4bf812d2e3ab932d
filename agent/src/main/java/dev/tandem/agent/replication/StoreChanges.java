package dev.tandem.agent.replication;

import dev.tandem.agent.srm.MoveKind;
import dev.tandem.agent.presence.users.UserAssignmentMode;
import dev.tandem.agent.presence.users.UserChange;
import dev.tandem.agent.presence.users.UserRecord;
import dev.tandem.proto.peer.v1.RosterChange;
import dev.tandem.proto.peer.v1.StoreChange;
import dev.tandem.proto.peer.v1.StoredUser;
import dev.tandem.proto.peer.v1.UserRemoved;
import dev.tandem.proto.peer.v1.UsersAdded;
import dev.tandem.proto.peer.v1.UsersMoved;
import dev.tandem.proto.peer.v1.UsersPlaced;
import java.util.List;

/** Converts the presence user store's committed changes to and from the peer link's messages. */
public final class StoreChanges {
    private StoreChanges() {
    }

    public static StoreChange encode(UserChange change) {
        StoreChange.Builder b = StoreChange.newBuilder();
        if (change instanceof UserChange.Added a) {
            b.setAdded(UsersAdded.newBuilder().addAllUsers(users(a.users())));
        } else if (change instanceof UserChange.Removed r) {
            b.setRemoved(UserRemoved.newBuilder().setUserId(r.userId()).setVersion(r.version()));
        } else if (change instanceof UserChange.Placed p) {
            b.setPlaced(UsersPlaced.newBuilder().setMode(p.mode().name()).addAllUsers(users(p.users())));
        } else if (change instanceof UserChange.Moved m) {
            b.setMoved(UsersMoved.newBuilder().setKind(m.kind().name()).setByNode(m.byNode()).addAllUsers(users(m.users())));
        } else if (change instanceof UserChange.RosterChanged rc) {
            b.setRoster(RosterChange.newBuilder().setWatcher(rc.watcher()).setTarget(rc.target()).setAdded(rc.added()));
        } else if (change instanceof UserChange.SecretSet s) {
            b.setSecret(dev.tandem.proto.peer.v1.UserSecretSet.newBuilder().setUserId(s.userId()).setHash(s.hash()));
        } else {
            throw new IllegalArgumentException("unknown user change " + change);
        }
        return b.build();
    }

    /** @throws IllegalArgumentException for a message this agent cannot read */
    public static UserChange decode(StoreChange c) {
        return switch (c.getChangeCase()) {
            case ADDED -> new UserChange.Added(records(c.getAdded().getUsersList()));
            case REMOVED -> new UserChange.Removed(c.getRemoved().getUserId(), c.getRemoved().getVersion());
            case PLACED -> new UserChange.Placed(UserAssignmentMode.valueOf(c.getPlaced().getMode()),
                    records(c.getPlaced().getUsersList()));
            case MOVED -> new UserChange.Moved(MoveKind.valueOf(c.getMoved().getKind()), c.getMoved().getByNode(),
                    records(c.getMoved().getUsersList()));
            case ROSTER -> new UserChange.RosterChanged(c.getRoster().getWatcher(), c.getRoster().getTarget(),
                    c.getRoster().getAdded());
            case SECRET -> new UserChange.SecretSet(c.getSecret().getUserId(), c.getSecret().getHash());
            case CHANGE_NOT_SET -> throw new IllegalArgumentException("empty store change");
        };
    }

    private static List<StoredUser> users(List<UserRecord> users) {
        return users.stream().map(u -> StoredUser.newBuilder().setUserId(u.userId()).setHomeNode(nz(u.homeNode()))
                .setServingNode(nz(u.servingNode())).setVersion(u.version()).build()).toList();
    }

    private static List<UserRecord> records(List<StoredUser> users) {
        return users.stream().map(u -> new UserRecord(u.getUserId(), en(u.getHomeNode()), en(u.getServingNode()),
                        u.getVersion()))
                .toList();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String en(String s) {
        return s.isEmpty() ? null : s;
    }
}
