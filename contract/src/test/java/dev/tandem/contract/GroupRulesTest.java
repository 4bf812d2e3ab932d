package dev.tandem.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GroupRulesTest {

    @Test
    void namesOfLettersDigitsUnderscoreAndDashUpTo128Pass() {
        assertThat(GroupRules.nameProblems("prg_tokyo-1")).isEmpty();
        assertThat(GroupRules.nameProblems("a".repeat(128))).isEmpty();
        assertThat(GroupRules.name("prg_tokyo-1")).isEmpty();
        assertThat(GroupRules.name("a".repeat(128))).isEmpty();
    }

    @Test
    void badNamesAreRefusedInBothPhrasings() {
        assertThat(GroupRules.nameProblems("")).containsExactly("the group name is empty");
        assertThat(GroupRules.nameProblems(null)).containsExactly("the group name is empty");
        assertThat(GroupRules.nameProblems("a".repeat(129))).singleElement().asString().contains("129 characters");
        assertThat(GroupRules.nameProblems("tokyo pair")).singleElement().asString()
                .contains("' ' at position 6");
        assertThat(GroupRules.nameProblems("tōkyō")).singleElement().asString().contains("'ō' at position 2");
        assertThat(GroupRules.name("")).contains("A group name is required.");
        assertThat(GroupRules.name("tokyo pair!")).get().asString().contains("not: space!");
        assertThat(GroupRules.name("tōkyō")).get().asString().contains("not: ō");
    }

    @Test
    void bothPhrasingsAgreeOnWhatIsValid() {
        for (String n : new String[] {"", "ok", "a b", "a/b", "ä", "a".repeat(128), "a".repeat(129), "x-y_z9"}) {
            assertThat(GroupRules.name(n).isEmpty()).as(n).isEqualTo(GroupRules.nameProblems(n).isEmpty());
        }
        for (String d : new String[] {"", "Tokyo pair, rack 3", "a < b", "50%", "x".repeat(129), "back\\slash"}) {
            assertThat(GroupRules.description(d).isEmpty()).as(d).isEqualTo(GroupRules.descriptionProblems(d).isEmpty());
        }
    }

    @Test
    void descriptionsRefuseTheForbiddenCharacters() {
        assertThat(GroupRules.descriptionProblems(null)).isEmpty();
        assertThat(GroupRules.descriptionProblems("Tokyo pair, rack 3 (east)")).isEmpty();
        assertThat(GroupRules.descriptionProblems("a & b")).singleElement().asString().contains("'&' at position 3");
        assertThat(GroupRules.description("a < b & \"c\"")).get().asString().contains("\" & <");
    }
}
