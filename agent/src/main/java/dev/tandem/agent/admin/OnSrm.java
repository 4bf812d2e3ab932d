package dev.tandem.agent.admin;

/** Runs an admin handler's work on the SRM thread, with the admin call's deadline (AdminOps owns the one way to do it). */
interface OnSrm {
    <T> T call(java.util.concurrent.Callable<T> work);
}
