package io.tokenfence.observability;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The instant-vector selectors in a PromQL expression ({@code up{job="auth-service"}}, {@code tokenfence_x_total}),
 * with range durations dropped, so each can be queried on its own to prove the series an expression compares exist.
 *
 * <p>A scanner, not a parser: it knows PromQL's keywords, aggregations and label-list clauses, which is all the
 * dashboards and alerts of this repository use. Prometheus itself has parsed each expression before this runs.
 */
final class PromQlSelectors {

    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "atan2",
            "sum", "min", "max", "avg", "count", "stddev", "stdvar", "topk", "bottomk", "quantile", "count_values",
            "group", "inf", "nan");
    private static final Set<String> LABEL_LIST_CLAUSES = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right");

    private PromQlSelectors() {
    }

    static Set<String> of(String expression) {
        Set<String> selectors = new LinkedHashSet<>();
        int i = 0;
        int length = expression.length();
        while (i < length) {
            char c = expression.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipString(expression, i);
            } else if (c == '[') {
                i = expression.indexOf(']', i) + 1; // a range or subquery: durations only
            } else if (c == '{') {
                int end = closingBrace(expression, i);
                selectors.add(expression.substring(i, end));
                i = end;
            } else if (startsIdentifier(c) && (i == 0 || !partOfToken(expression.charAt(i - 1)))) {
                int end = i;
                while (end < length && partOfIdentifier(expression.charAt(end))) {
                    end++;
                }
                String identifier = expression.substring(i, end);
                int next = skipSpaces(expression, end);
                boolean call = next < length && expression.charAt(next) == '(';
                if (LABEL_LIST_CLAUSES.contains(identifier)) {
                    i = call ? expression.indexOf(')', next) + 1 : next;
                } else if (call || KEYWORDS.contains(identifier.toLowerCase(java.util.Locale.ROOT))) {
                    i = end; // a function or an operator
                } else if (next < length && expression.charAt(next) == '{') {
                    int close = closingBrace(expression, next);
                    selectors.add(identifier + expression.substring(next, close));
                    i = close;
                } else {
                    selectors.add(identifier);
                    i = end;
                }
            } else {
                i++;
            }
        }
        return selectors;
    }

    private static boolean startsIdentifier(char c) {
        return Character.isLetter(c) || c == '_' || c == ':';
    }

    private static boolean partOfIdentifier(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == ':';
    }

    /** Letters after a digit or a dot belong to a number or duration ({@code 1e3}, {@code 5m}), not a name. */
    private static boolean partOfToken(char previous) {
        return partOfIdentifier(previous) || previous == '.';
    }

    private static int skipSpaces(String expression, int from) {
        int i = from;
        while (i < expression.length() && Character.isWhitespace(expression.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int skipString(String expression, int start) {
        char quote = expression.charAt(start);
        int i = start + 1;
        while (i < expression.length() && expression.charAt(i) != quote) {
            i += expression.charAt(i) == '\\' ? 2 : 1;
        }
        return i + 1;
    }

    private static int closingBrace(String expression, int open) {
        int i = open + 1;
        while (i < expression.length() && expression.charAt(i) != '}') {
            char c = expression.charAt(i);
            i = (c == '"' || c == '\'' || c == '`') ? skipString(expression, i) : i + 1;
        }
        if (i >= expression.length()) {
            throw new IllegalArgumentException("Unclosed '{' at " + open + " in " + expression);
        }
        return i + 1;
    }
}
