package dev.tandem.agent.admin;

import static dev.tandem.agent.admin.AdminOps.actor;
import static dev.tandem.agent.admin.AdminOps.invalid;
import static dev.tandem.agent.admin.AdminOps.precondition;

import dev.tandem.agent.presence.users.InvalidUserException;
import dev.tandem.agent.presence.users.UserChangeRefusedException;
import dev.tandem.agent.presence.users.UserStore;
import dev.tandem.agent.presence.users.UserStoreException;
import dev.tandem.agent.runtime.SrmLoop;
import dev.tandem.proto.admin.v1.AddUsersRequest;
import dev.tandem.proto.admin.v1.RemoveUsersRequest;
import dev.tandem.proto.admin.v1.UsersReply;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * AddUsers and RemoveUsers: the request checked whole first (ids by the shared rule, secrets'
 * form), secrets hashed on the caller's thread, then one change of the user store on the SRM
 * thread, audited either way.
 */
final class UserOps {
    private final SrmLoop loop;
    private final OnSrm onSrm;

    UserOps(SrmLoop loop, OnSrm onSrm) {
        this.loop = loop;
        this.onSrm = onSrm;
    }

    private static String Q(String input) {
        return dev.tandem.agent.security.input.Inputs.quote(input);
    }

    private <T> T onSrm(java.util.concurrent.Callable<T> work) {
        return onSrm.call(work);
    }

    private static List<String> checkUsers(List<String> users) {
        List<String> problems = new ArrayList<>();
        if (users.isEmpty()) {
            problems.add("no users given");
        }
        Set<String> seen = new HashSet<>();
        for (String u : users) {
            var problem = dev.tandem.contract.Identifiers.userIdProblem(u);
            if (problem.isPresent()) {
                problems.add(problem.get());
            } else if (!seen.add(u)) {
                problems.add("user " + Q(u) + " is given twice");
            }
        }
        return problems;
    }

    UsersReply add(AddUsersRequest r) {
        return users("AddUsers", r.getActor(), r.getUsersList(), true, r.getSecretsMap());
    }

    UsersReply remove(RemoveUsersRequest r) {
        return users("RemoveUsers", r.getActor(), r.getUsersList(), false, java.util.Map.of());
    }

    private UsersReply users(String what, String actorName, List<String> users, boolean add,
                             java.util.Map<String, String> secrets) {
        String who = actor(actorName);
        List<String> problems = checkUsers(users);
        Set<String> listed = new HashSet<>(users);
        for (var e : secrets.entrySet()) {
            if (!listed.contains(e.getKey())) {
                problems.add("a secret is given for " + Q(e.getKey()) + ", which is not in users");
            } else if (dev.tandem.agent.security.secrets.SecretHasher.problem(e.getValue()) != null) {
                problems.add("the secret of " + Q(e.getKey()) + ": " + dev.tandem.agent.security.secrets.SecretHasher.problem(e.getValue()));
            }
            if (problems.size() > 20) {
                break;
            }
        }
        if (!problems.isEmpty()) {
            loop.events().audit(who, what, users.size() + " users", "refused: " + String.join("; ", problems));
            throw invalid(String.join("; ", problems));
        }
        // PBKDF2 here, on the caller's thread: milliseconds per user must not hold up the SRM thread
        dev.tandem.agent.security.secrets.SecretHasher hasher = new dev.tandem.agent.security.secrets.SecretHasher();
        java.util.Map<String, String> hashes = new java.util.LinkedHashMap<>();
        secrets.forEach((u, secret) -> hashes.put(u, hasher.hash(secret)));
        return onSrm(() -> {
            UserStore store = loop.users();
            List<String> which = users.stream().filter(u -> add == store.find(u).isEmpty()).toList();
            try {
                if (add) {
                    // the store refuses while any node is in a failover state (§5), saying why
                    if (!which.isEmpty()) {
                        store.addUsers(which);
                    }
                    hashes.forEach(store::setSecretHash);
                } else {
                    String blocked = loop.usersBlocked();
                    if (blocked != null) {
                        throw new UserChangeRefusedException("cannot remove users now: " + blocked);
                    }
                    which.forEach(store::removeUser);
                }
            } catch (UserChangeRefusedException e) {
                loop.events().audit(who, what, users.size() + " users", "refused: " + e.getMessage());
                throw precondition(e.getMessage());
            } catch (InvalidUserException e) {
                loop.events().audit(who, what, users.size() + " users", "refused: " + e.getMessage());
                throw invalid(e.getMessage());
            } catch (UserStoreException e) {
                loop.events().audit(who, what, users.size() + " users", "failed: " + e.getMessage());
                throw Status.UNAVAILABLE.withDescription(e.getMessage()).asRuntimeException();
            }
            loop.events().audit(who, what, users.size() + " users", "accepted: " + which.size() + " changed"
                    + (hashes.isEmpty() ? "" : ", " + hashes.size() + " secret(s) set"));
            loop.publish();
            return UsersReply.newBuilder().setChanged(which.size()).setTotal(store.size()).build();
        });
    }
}
