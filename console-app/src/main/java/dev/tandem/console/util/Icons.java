package dev.tandem.console.util;

import java.io.InputStream;
import javafx.scene.image.Image;

/** Loads the PNGs of the repository's icons/ folder, copied to the classpath by the pom. */
public final class Icons {
    public static final String ROOT = "/dev/tandem/console/icons/";

    private Icons() {}

    public static Image load(String file, double size) {
        InputStream in = Icons.class.getResourceAsStream(ROOT + file);
        if (in == null) {
            throw new IllegalStateException("icon " + ROOT + file + " is missing from the classpath");
        }
        return new Image(in, size, size, true, true);
    }
}
