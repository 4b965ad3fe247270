package io.meridian.monitor;

import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

/** Hamcrest helpers for JSON numbers (REST Assured parses decimals as Float). */
final class TestMatchers {
    private TestMatchers() {
    }

    static Matcher<Object> near(double expected) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(Object actual) {
                return actual instanceof Number n && Math.abs(n.doubleValue() - expected) <= 1e-6;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a number within 1e-6 of ").appendValue(expected);
            }
        };
    }
}
