package dev.tandem.agent.presence.users;


/** What a user id may look like. */
public final class UserIds {
    private UserIds() {
    }

    /** @throws InvalidUserException naming what is wrong */
    public static void check(String userId) {
        // the shared rule (contract), whose sentence quotes only a short prefix of the id
        dev.tandem.contract.Identifiers.userIdProblem(userId).ifPresent(p -> {
            throw new InvalidUserException(p);
        });
    }
}
