package dev.tandem.console.banner;

/** How bad the worst thing is, in the order an operator cares; the banner takes the worst. */
public enum BannerLevel {
    OK("ok"),
    INFO("info"),
    WARNING("warning"),
    CRITICAL("critical");

    private final String styleClass;

    BannerLevel(String styleClass) {
        this.styleClass = styleClass;
    }

    /** The CSS class of the banner at this level: banner-ok, banner-info, ... */
    public String styleClass() {
        return "banner-" + styleClass;
    }

    public boolean worseThan(BannerLevel o) {
        return compareTo(o) > 0;
    }
}
