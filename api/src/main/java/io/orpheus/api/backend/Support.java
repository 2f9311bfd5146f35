package io.orpheus.api.backend;

/**
 * An implementation's answer to "can you run this node?", with the reason either way.
 *
 * @param supported yes or no
 * @param reason    why (shown in plans: "groups > 1", "not 3x3 stride 1", ...)
 */
public record Support(boolean supported, String reason) {
    private static final Support YES = new Support(true, "");

    public static Support yes() {
        return YES;
    }

    public static Support yes(String why) {
        return new Support(true, why);
    }

    public static Support no(String why) {
        return new Support(false, why);
    }
}
