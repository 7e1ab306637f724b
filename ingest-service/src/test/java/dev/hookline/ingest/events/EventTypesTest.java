package dev.hookline.ingest.events;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventTypesTest {

	@Test
	void aTypeIsTwoOrMoreLowercaseSegments() {
		assertThat(EventTypes.isValidType("post.created")).isTrue();
		assertThat(EventTypes.isValidType("billing.invoice_2.paid-late")).isTrue();
		assertThat(EventTypes.isValidType("created")).isFalse();
		assertThat(EventTypes.isValidType("Post.created")).isFalse();
		assertThat(EventTypes.isValidType("post..created")).isFalse();
		assertThat(EventTypes.isValidType("post.created.")).isFalse();
		assertThat(EventTypes.isValidType("post.*")).isFalse();
		assertThat(EventTypes.isValidType("a." + "b".repeat(126))).isTrue();
		assertThat(EventTypes.isValidType("a." + "b".repeat(127))).isFalse();
	}

	@Test
	void aPatternIsATypeAPrefixOrEverything() {
		assertThat(EventTypes.isValidPattern("*")).isTrue();
		assertThat(EventTypes.isValidPattern("post.created")).isTrue();
		assertThat(EventTypes.isValidPattern("post.*")).isTrue();
		assertThat(EventTypes.isValidPattern("billing.invoice.*")).isTrue();
		assertThat(EventTypes.isValidPattern("post")).isFalse();
		assertThat(EventTypes.isValidPattern("*.created")).isFalse();
		assertThat(EventTypes.isValidPattern("post.cre*")).isFalse();
		assertThat(EventTypes.isValidPattern("post.**")).isFalse();
	}

}
