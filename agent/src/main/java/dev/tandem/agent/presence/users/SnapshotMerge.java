package dev.tandem.agent.presence.users;

import dev.tandem.agent.presence.store.RosterEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What taking the peer's store changes in this one, decided before anything is written (issue
 * 11, convergence): the newest version of each user wins, a record against a record or against
 * a removal (tombstone). Reads the store's state; the store writes the plan in one transaction.
 */
final class SnapshotMerge {
    /**
     * @param fresh      the snapshot's records to write (newer than this store's record or removal)
     * @param gone       users to remove: older than the snapshot's removal, or absent from a snapshot
     *                   that has seen their write (its clock is at or above their version)
     * @param tombsTaken the snapshot's removals this store takes (it has no newer record of the user)
     * @param keptNewer  this store's records newer than the snapshot's, sent back to the peer
     * @param sendBack   the changes to send back: {@code keptNewer} as one placement, this store's
     *                   removals newer than the snapshot's records, then the roster entries and
     *                   secrets of the kept users (the peer lacks them with the users)
     * @param rosterAdd  the snapshot's entries this store lacks, between users it has after the merge
     * @param rosterDrop this store's entries the snapshot lacks, except those of a kept user
     * @param secretsSet the snapshot's secrets that differ here, of users it has after the merge
     * @param secretsDrop this store's secrets of users the snapshot has without one
     */
    record Plan(List<UserRecord> fresh, List<String> gone, Map<String, Long> tombsTaken, List<UserRecord> keptNewer,
                List<UserChange> sendBack, List<RosterEntry> rosterAdd, List<RosterEntry> rosterDrop,
                Map<String, String> secretsSet, List<String> secretsDrop) {
    }

    private SnapshotMerge() {
    }

    static Plan plan(StoreSnapshot theirs, List<UserRecord> fresh, Map<String, UserRecord> users, Tombstones tombstones,
                     RosterIndex roster, Map<String, String> secrets) {
        Map<String, UserRecord> incoming = new HashMap<>();
        theirs.users().forEach(u -> incoming.put(u.userId(), u));
        List<String> gone = new ArrayList<>();
        List<UserRecord> keptNewer = new ArrayList<>();
        for (UserRecord mine : users.values()) {
            UserRecord in = incoming.get(mine.userId());
            Long removedThere = theirs.tombstones().get(mine.userId());
            if (in != null) {
                if (in.version() != 0 && in.version() < mine.version()) {
                    keptNewer.add(mine); // newer here than there
                }
            } else if (removedThere != null) {
                if (mine.version() < removedThere) {
                    gone.add(mine.userId());
                } else {
                    keptNewer.add(mine); // written here after its removal there
                }
            } else if (mine.version() <= theirs.digest().clock()) {
                gone.add(mine.userId()); // an older peer, or a removal it no longer keeps
            } else {
                keptNewer.add(mine);
            }
        }
        // their removals this store takes (unless its record is newer), and the removals it keeps that beat their record
        Map<String, Long> tombsTaken = new HashMap<>();
        theirs.tombstones().forEach((id, v) -> {
            UserRecord mine = users.get(id);
            if (!incoming.containsKey(id) && (mine == null || mine.version() < v)) {
                tombsTaken.put(id, v);
            }
        });
        List<UserChange> sendBack = new ArrayList<>();
        for (UserRecord in : theirs.users()) {
            Long removedHere = users.containsKey(in.userId()) ? null : tombstones.get(in.userId());
            if (removedHere != null && in.version() != 0 && in.version() < removedHere) {
                sendBack.add(new UserChange.Removed(in.userId(), removedHere));
            }
        }
        if (!keptNewer.isEmpty()) {
            sendBack.add(0, new UserChange.Placed(theirs.mode(), keptNewer));
        }
        // who is a user here once the plan is written: the roster and secrets follow the users
        Set<String> kept = new HashSet<>();
        keptNewer.forEach(u -> kept.add(u.userId()));
        Set<String> after = new HashSet<>(users.keySet());
        after.removeAll(gone);
        fresh.forEach(u -> after.add(u.userId()));
        Set<RosterEntry> wantedRoster = new HashSet<>(theirs.roster());
        List<RosterEntry> rosterAdd = theirs.roster().stream().filter(e -> !roster.contains(e)
                && after.contains(e.watcher()) && after.contains(e.target())).toList();
        List<RosterEntry> rosterDrop = new ArrayList<>();
        for (String watcher : users.keySet()) {
            for (String target : roster.targetsOf(watcher)) {
                RosterEntry e = new RosterEntry(watcher, target);
                if (kept.contains(watcher) || kept.contains(target)) {
                    if (after.contains(watcher) && after.contains(target)) {
                        sendBack.add(new UserChange.RosterChanged(watcher, target, true));
                    }
                } else if (!wantedRoster.contains(e)) {
                    rosterDrop.add(e);
                }
            }
        }
        Map<String, String> secretsSet = new HashMap<>();
        theirs.secrets().forEach((id, hash) -> {
            // a kept user's own secret wins (it is sent back); one it lacks is taken
            boolean mineWins = kept.contains(id) && secrets.containsKey(id);
            if (after.contains(id) && !mineWins && !hash.equals(secrets.get(id))) {
                secretsSet.put(id, hash);
            }
        });
        List<String> secretsDrop = new ArrayList<>();
        secrets.forEach((id, hash) -> {
            if (kept.contains(id)) {
                sendBack.add(new UserChange.SecretSet(id, hash));
            } else if (!theirs.secrets().containsKey(id) && after.contains(id)) {
                secretsDrop.add(id);
            }
        });
        return new Plan(fresh, gone, tombsTaken, keptNewer, sendBack, rosterAdd, rosterDrop, secretsSet, secretsDrop);
    }
}
