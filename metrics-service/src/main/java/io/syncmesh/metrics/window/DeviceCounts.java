package io.syncmesh.metrics.window;

/** How many distinct devices reported in a window, and how many of them reported a change retried too often. */
public record DeviceCounts(long reporting, long retrying) {

    public DeviceCounts {
        if (reporting < 0 || retrying < 0 || retrying > reporting) {
            throw new IllegalArgumentException(
                    "need 0 <= retrying <= reporting, was " + retrying + " of " + reporting);
        }
    }

    /**
     * The share of the reporting devices that are retrying, or 0 when fewer than {@code minDevices} are: one device
     * with a stuck change, or two in a small fleet, is a support case, not a reason to page anyone, however large a
     * share of a handful of devices it is.
     */
    public double retryingShare(int minDevices) {
        return retrying == 0 || retrying < minDevices ? 0 : (double) retrying / reporting;
    }
}
