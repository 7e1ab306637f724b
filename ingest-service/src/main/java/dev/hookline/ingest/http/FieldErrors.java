package dev.hookline.ingest.http;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Collects the problems of a request body so that one 400 answer lists them all, up to
 * {@value #MAX} of them.
 */
public final class FieldErrors {

	static final int MAX = 100;

	private final List<FieldError> errors = new ArrayList<>();

	private int dropped;

	public void add(@Nullable String field, @Nullable Integer index, String detail) {
		if (this.errors.size() < MAX) {
			this.errors.add(new FieldError(field, index, detail));
		}
		else {
			this.dropped++;
		}
	}

	public boolean isEmpty() {
		return this.errors.isEmpty();
	}

	/** How many errors were added so far. */
	public int size() {
		return this.errors.size() + this.dropped;
	}

	/**
	 * @throws ApiException a 400 of the given problem type listing every error, if there
	 * is any
	 */
	public void throwIfAny(String type, String title) {
		if (!this.errors.isEmpty()) {
			throw ApiException.invalid(type, title, List.copyOf(this.errors), this.dropped);
		}
	}

}
