package dev.hookline.schemas;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventTypePatternsTest {

	@Test
	void anExactPatternMatchesOnlyThatType() {
		assertThat(EventTypePatterns.matches("post.created", "post.created")).isTrue();
		assertThat(EventTypePatterns.matches("post.created", "post.updated")).isFalse();
		assertThat(EventTypePatterns.matches("post.created", "post.created.v2")).isFalse();
		assertThat(EventTypePatterns.matches("post.created", "post")).isFalse();
	}

	@Test
	void aPrefixPatternMatchesEveryTypeBelowThePrefix() {
		assertThat(EventTypePatterns.matches("post.*", "post.created")).isTrue();
		assertThat(EventTypePatterns.matches("post.*", "post.comment.added")).isTrue();
	}

	@Test
	void aPrefixPatternMatchesNeitherThePrefixItselfNorALongerWord() {
		assertThat(EventTypePatterns.matches("post.*", "post")).isFalse();
		assertThat(EventTypePatterns.matches("post.*", "post.")).isFalse();
		assertThat(EventTypePatterns.matches("post.*", "poster.x")).isFalse();
		assertThat(EventTypePatterns.matches("post.*", "blog.post.created")).isFalse();
	}

	@Test
	void theWildcardMatchesEveryType() {
		assertThat(EventTypePatterns.matches("*", "post.created")).isTrue();
		assertThat(EventTypePatterns.matches("*", "x")).isTrue();
	}

	@Test
	void aStarAnywhereElseIsAnOrdinaryCharacter() {
		assertThat(EventTypePatterns.matches("*.created", "post.created")).isFalse();
		assertThat(EventTypePatterns.matches("post*", "post.created")).isFalse();
		assertThat(EventTypePatterns.matches("post.*.added", "post.comment.added")).isFalse();
		assertThat(EventTypePatterns.matches("*.created", "*.created")).isTrue();
	}

	@Test
	void aListMatchesWhenAnyOfItsPatternsMatches() {
		assertThat(EventTypePatterns.anyMatches(List.of("user.deleted", "post.*"), "post.created")).isTrue();
		assertThat(EventTypePatterns.anyMatches(List.of("user.deleted", "post.*"), "user.created")).isFalse();
	}

	@Test
	void anEmptyListMatchesNothing() {
		assertThat(EventTypePatterns.anyMatches(List.of(), "post.created")).isFalse();
	}

	@Test
	void aTypeIsTwoOrMoreLowercaseSegments() {
		assertThat(EventTypePatterns.isValidType("post.created")).isTrue();
		assertThat(EventTypePatterns.isValidType("billing.invoice_2.paid-late")).isTrue();
		assertThat(EventTypePatterns.isValidType("created")).isFalse();
		assertThat(EventTypePatterns.isValidType("Post.created")).isFalse();
		assertThat(EventTypePatterns.isValidType("post..created")).isFalse();
		assertThat(EventTypePatterns.isValidType("post.created.")).isFalse();
		assertThat(EventTypePatterns.isValidType("post.*")).isFalse();
		assertThat(EventTypePatterns.isValidType("a." + "b".repeat(126))).isTrue();
		assertThat(EventTypePatterns.isValidType("a." + "b".repeat(127))).isFalse();
	}

	@Test
	void aPatternIsATypeAPrefixOrEverything() {
		assertThat(EventTypePatterns.isValidPattern("*")).isTrue();
		assertThat(EventTypePatterns.isValidPattern("post.created")).isTrue();
		assertThat(EventTypePatterns.isValidPattern("post.*")).isTrue();
		assertThat(EventTypePatterns.isValidPattern("billing.invoice.*")).isTrue();
		assertThat(EventTypePatterns.isValidPattern("post")).isFalse();
		assertThat(EventTypePatterns.isValidPattern("*.created")).isFalse();
		assertThat(EventTypePatterns.isValidPattern("post.cre*")).isFalse();
		assertThat(EventTypePatterns.isValidPattern("post.**")).isFalse();
	}

	@Test
	void everythingMeansEveryProducerTypeButHooklinesOwnAreSelectedOnlyByName() {
		assertThat(EventTypePatterns.matches("*", "order.created")).isTrue();
		assertThat(EventTypePatterns.matches("*", "hookline.subscription.disabled")).isFalse();
		assertThat(EventTypePatterns.matches("hookline.*", "hookline.subscription.disabled")).isTrue();
		assertThat(EventTypePatterns.matches("hookline.delivery.exhausted", "hookline.delivery.exhausted")).isTrue();
		assertThat(EventTypePatterns.anyMatches(List.of("*", "hookline.delivery.*"), "hookline.subscription.disabled"))
			.isFalse();
	}

}
