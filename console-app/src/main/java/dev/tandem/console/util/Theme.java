package dev.tandem.console.util;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.util.Locale;
import javafx.application.Application;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.Parent;
import javafx.scene.paint.Color;

/**
 * The console's look: AtlantaFX's Primer theme, light or dark, and the few colours the theme
 * cannot reach (the charts are drawn on canvases). One home for both, so a chart never stays
 * white in the dark theme. FX thread.
 */
public enum Theme {
    LIGHT(new PrimerLight().getUserAgentStylesheet(), Color.WHITE, Color.web("#222"), Color.web("#555"),
            Color.web("#e4e4e4"), Color.web("#999")),
    DARK(new PrimerDark().getUserAgentStylesheet(), Color.web("#0d1117"), Color.web("#e6edf3"), Color.web("#9da7b3"),
            Color.web("#30363d"), Color.web("#6e7681"));

    /** Style class on the scene's root in the dark theme: console.css switches its colours on it. */
    public static final String DARK_CLASS = "dark";

    private static final SimpleObjectProperty<Theme> CURRENT = new SimpleObjectProperty<>(LIGHT);

    private final String stylesheet;
    /** Canvas colours: plot background, titles, axis labels, grid lines, plot frame. */
    private final Color background;
    private final Color text;
    private final Color muted;
    private final Color grid;
    private final Color frame;

    Theme(String stylesheet, Color background, Color text, Color muted, Color grid, Color frame) {
        this.stylesheet = stylesheet;
        this.background = background;
        this.text = text;
        this.muted = muted;
        this.grid = grid;
        this.frame = frame;
    }

    /** The theme in use; canvases redraw when it changes. */
    public static ReadOnlyObjectProperty<Theme> currentProperty() {
        return CURRENT;
    }

    public static Theme current() {
        return CURRENT.get();
    }

    /** Uses this theme for every window of the application, {@code root}'s scene included. */
    public void apply(Parent root) {
        Application.setUserAgentStylesheet(stylesheet);
        if (root != null) {
            root.getStyleClass().remove(DARK_CLASS);
            if (this == DARK) {
                root.getStyleClass().add(DARK_CLASS);
            }
        }
        CURRENT.set(this);
    }

    public Color background() {
        return background;
    }

    public Color text() {
        return text;
    }

    public Color muted() {
        return muted;
    }

    public Color grid() {
        return grid;
    }

    public Color frame() {
        return frame;
    }

    public Theme other() {
        return this == LIGHT ? DARK : LIGHT;
    }

    /** {@code light} or {@code dark} (any case); anything else is refused with the choices. */
    public static Theme parse(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown theme '" + name + "': use light or dark");
        }
    }
}
