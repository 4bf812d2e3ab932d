package dev.tandem.console.banner;

/** One thing the banner could say: how bad it is and the sentence. */
public record Finding(BannerLevel level, String sentence) {
}
