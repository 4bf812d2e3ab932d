package dev.tandem.agent.admin;

import dev.tandem.agent.presence.users.UserRecord;
import dev.tandem.agent.presence.users.UserStore;
import dev.tandem.agent.runtime.SrmLoop;
import dev.tandem.proto.admin.v1.ListUsersRequest;
import dev.tandem.proto.admin.v1.SessionState;
import dev.tandem.proto.admin.v1.UserAssignmentMode;
import dev.tandem.proto.admin.v1.UserEntry;
import dev.tandem.proto.admin.v1.UserList;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * ListUsers: pages of the user store, ordered by user id. It runs on the caller's gRPC thread,
 * never on the SRM thread: the store's reads are lock-free, and the sorted copy is made once per
 * change of the store (its version), so paging through 15,000 users does not hold up the SRM.
 * A page token is the last id of the page ("after:" + the id, base64url), so changes between
 * two pages neither repeat nor skip the users after it.
 */
final class UserListing {
    static final int DEFAULT_PAGE = 100;
    static final int MAX_PAGE = 1000;
    private static final String TOKEN_PREFIX = "after:";

    private final SrmLoop loop;
    private volatile Sorted sorted = new Sorted(-1, List.of());

    private record Sorted(long version, List<UserRecord> users) {
    }

    UserListing(SrmLoop loop) {
        this.loop = loop;
    }

    UserList list(ListUsersRequest r) {
        if (r.getPageSize() < 0 || r.getPageSize() > MAX_PAGE) {
            throw AdminOps.invalid("page_size must be between 1 and " + MAX_PAGE + " (0 for " + DEFAULT_PAGE
                    + "), not " + r.getPageSize());
        }
        String after = r.getPageToken().isEmpty() ? null : decode(r.getPageToken());
        int size = r.getPageSize() == 0 ? DEFAULT_PAGE : r.getPageSize();
        String needle = r.getFilter().strip().toLowerCase(Locale.ROOT);
        UserStore store = loop.users();
        List<UserRecord> users = sortedUsers(store);
        int matching = 0;
        List<UserRecord> page = new ArrayList<>(Math.min(size, 64));
        boolean more = false;
        for (UserRecord u : users) {
            if (!needle.isEmpty() && !u.userId().toLowerCase(Locale.ROOT).contains(needle)) {
                continue;
            }
            matching++;
            if (after != null && u.userId().compareTo(after) <= 0) {
                continue;
            }
            if (page.size() < size) {
                page.add(u);
            } else {
                more = true;
            }
        }
        String self = loop.view().self();
        Set<String> active = page.stream().anyMatch(u -> u.isServedBy(self)) ? loop.activeUsers() : Set.of();
        UserList.Builder b = UserList.newBuilder().setMatching(matching).setTotal(users.size())
                .setMode(UserAssignmentMode.valueOf(store.assignmentMode().name())).setReporter(self);
        for (UserRecord u : page) {
            SessionState session = u.servingNode() == null ? SessionState.NOT_SERVED
                    : !u.isServedBy(self) ? SessionState.SESSION_STATE_UNSPECIFIED
                    : active.contains(u.userId()) ? SessionState.LOGGED_IN : SessionState.NOT_LOGGED_IN;
            b.addUsers(UserEntry.newBuilder().setUser(u.userId())
                    .setHomeNode(u.homeNode() == null ? "" : u.homeNode())
                    .setServingNode(u.servingNode() == null ? "" : u.servingNode()).setSession(session));
        }
        if (more) {
            b.setNextPageToken(encode(page.get(page.size() - 1).userId()));
        }
        return b.build();
    }

    /** The store's users by id, sorted once per change of the store. */
    private List<UserRecord> sortedUsers(UserStore store) {
        long v = store.version();
        Sorted s = sorted;
        if (s.version() != v) {
            List<UserRecord> copy = new ArrayList<>(store.all());
            copy.sort(Comparator.comparing(UserRecord::userId));
            // the version read before the copy: a change during the copy makes the next call sort again
            s = new Sorted(v, List.copyOf(copy));
            sorted = s;
        }
        return s.users();
    }

    static String encode(String lastId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((TOKEN_PREFIX + lastId)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String token) {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            text = "";
        }
        if (!text.startsWith(TOKEN_PREFIX) || text.length() == TOKEN_PREFIX.length()) {
            throw AdminOps.invalid("page_token is not one ListUsers returned: pass next_page_token as it came,"
                    + " or none for the first page");
        }
        return text.substring(TOKEN_PREFIX.length());
    }
}
