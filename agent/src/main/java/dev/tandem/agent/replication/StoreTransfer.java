package dev.tandem.agent.replication;

import dev.tandem.agent.presence.GroupNodes;
import dev.tandem.agent.presence.store.RosterEntry;
import dev.tandem.agent.presence.users.StoreSnapshot;
import dev.tandem.agent.presence.users.StoreDigest;
import dev.tandem.agent.presence.users.UserAssignmentMode;
import dev.tandem.agent.presence.users.UserRecord;
import dev.tandem.agent.presence.users.UserStore;
import dev.tandem.agent.security.peer.PeerMessageRules;
import dev.tandem.proto.peer.v1.PeerServiceGrpc;
import dev.tandem.proto.peer.v1.RosterChange;
import dev.tandem.proto.peer.v1.StoreChange;
import dev.tandem.proto.peer.v1.StoreChunk;
import dev.tandem.proto.peer.v1.StoreRequest;
import dev.tandem.proto.peer.v1.StoredUser;
import dev.tandem.proto.peer.v1.UserRemoved;
import dev.tandem.proto.peer.v1.UserSecretSet;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A whole user store over the peer link (FetchStore in peer.proto, issue 11 convergence): the
 * sending side reads its store at one moment and streams it in chunks; the fetching side checks
 * every chunk as it checks a replicated change and takes the store only when it arrived whole.
 */
public final class StoreTransfer {
    /** Users per chunk: with their secrets about 150 KB, far below the peer port's message limit. */
    static final int CHUNK = 1000;
    /** A fetch of 15,000+ users takes well under a second; this bounds a stalled peer. */
    static final long DEADLINE_S = 120;

    private StoreTransfer() {
    }

    /** @throws RuntimeException when the peer cannot be reached, refuses, or sends a bad or incomplete store */
    public static StoreSnapshot fetch(ManagedChannel ch, String self, String peer, GroupNodes nodes) {
        List<String> group = List.of(nodes.first(), nodes.second());
        Iterator<StoreChunk> it = PeerServiceGrpc.newBlockingStub(ch).withDeadlineAfter(DEADLINE_S, TimeUnit.SECONDS)
                .fetchStore(StoreRequest.newBuilder().setNode(self).build());
        List<UserRecord> users = new ArrayList<>();
        List<RosterEntry> roster = new ArrayList<>();
        Map<String, String> secrets = new HashMap<>();
        Map<String, Long> tombstones = new HashMap<>();
        StoreChunk first = null;
        boolean last = false;
        while (it.hasNext()) {
            StoreChunk c = it.next();
            first = first == null ? c : first;
            List<String> problems = new ArrayList<>(PeerMessageRules.userProblems(c.getUsersList(), group));
            for (RosterChange r : c.getRosterList()) {
                problems.addAll(PeerMessageRules.changeProblems(StoreChange.newBuilder().setRoster(r).build(), group));
            }
            for (UserSecretSet sec : c.getSecretsList()) {
                problems.addAll(PeerMessageRules.changeProblems(StoreChange.newBuilder().setSecret(sec).build(), group));
            }
            for (UserRemoved t : c.getTombstonesList()) {
                problems.addAll(PeerMessageRules.removalProblems(t));
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(peer + "'s store refused: " + String.join("; ", problems));
            }
            c.getUsersList().forEach(u -> users.add(new UserRecord(u.getUserId(), blankToNull(u.getHomeNode()),
                    blankToNull(u.getServingNode()), u.getVersion())));
            c.getRosterList().forEach(r -> roster.add(new RosterEntry(r.getWatcher(), r.getTarget())));
            c.getSecretsList().forEach(sec -> secrets.put(sec.getUserId(), sec.getHash()));
            c.getTombstonesList().forEach(t -> tombstones.merge(t.getUserId(), t.getVersion(), Math::max));
            last = c.getLast();
        }
        if (first == null || !last) {
            throw new IllegalStateException(peer + "'s store arrived incomplete");
        }
        if (users.size() != first.getTotalUsers()) {
            throw new IllegalStateException(peer + "'s store announced " + first.getTotalUsers() + " users and sent "
                    + users.size());
        }
        if (tombstones.size() != first.getTotalTombstones()) {
            throw new IllegalStateException(peer + "'s store announced " + first.getTotalTombstones()
                    + " tombstones and sent " + tombstones.size());
        }
        var d = first.getDigest();
        return new StoreSnapshot(UserAssignmentMode.valueOf(first.getMode()), users, roster, secrets,
                new StoreDigest(d.getUsers(), d.getDigest(), d.getClock(), d.getExtras()), tombstones);
    }

    /** Streams {@code store} to the peer that asked; anyone else is refused (PERMISSION_DENIED). */
    public static void stream(UserStore store, String self, String peer, StoreRequest r, StreamObserver<StoreChunk> o) {
        if (!r.getNode().equals(peer)) {
            o.onError(Status.PERMISSION_DENIED.withDescription("the store of " + self + " goes to " + peer + " only")
                    .asRuntimeException());
            return;
        }
        StoreSnapshot s = store.snapshot();
        Map<String, List<RosterEntry>> byWatcher = new HashMap<>();
        s.roster().forEach(e -> byWatcher.computeIfAbsent(e.watcher(), k -> new ArrayList<>()).add(e));
        List<UserRecord> all = s.users();
        List<Map.Entry<String, Long>> tombs = new ArrayList<>(s.tombstones().entrySet());
        int from = 0;
        int chunk = 0;
        boolean last = false;
        while (!last) { // users and tombstones side by side, 1,000 of each a chunk
            int to = Math.min(all.size(), from + CHUNK);
            StoreChunk.Builder b = StoreChunk.newBuilder();
            if (chunk == 0) {
                b.setMode(s.mode().name()).setTotalUsers(all.size()).setTotalTombstones(tombs.size())
                        .setDigest(dev.tandem.proto.peer.v1.StoreDigest.newBuilder().setUsers(s.digest().users())
                                .setDigest(s.digest().digest()).setClock(s.digest().clock()).setExtras(s.digest().extras()));
            }
            int tFrom = Math.min(tombs.size(), chunk * CHUNK);
            for (Map.Entry<String, Long> t : tombs.subList(tFrom, Math.min(tombs.size(), tFrom + CHUNK))) {
                b.addTombstones(UserRemoved.newBuilder().setUserId(t.getKey()).setVersion(t.getValue()));
            }
            chunk++;
            for (UserRecord u : all.subList(from, to)) {
                b.addUsers(StoredUser.newBuilder().setUserId(u.userId()).setHomeNode(nullToBlank(u.homeNode()))
                        .setServingNode(nullToBlank(u.servingNode())).setVersion(u.version()));
                for (RosterEntry e : byWatcher.getOrDefault(u.userId(), List.of())) {
                    b.addRoster(RosterChange.newBuilder().setWatcher(e.watcher()).setTarget(e.target()).setAdded(true));
                }
                String hash = s.secrets().get(u.userId());
                if (hash != null) {
                    b.addSecrets(UserSecretSet.newBuilder().setUserId(u.userId()).setHash(hash));
                }
            }
            from = to;
            last = from >= all.size() && chunk * CHUNK >= tombs.size();
            o.onNext(b.setLast(last).build());
        }
        o.onCompleted();
    }

    private static String blankToNull(String s) {
        return s.isEmpty() ? null : s;
    }

    private static String nullToBlank(String s) {
        return s == null ? "" : s;
    }
}
