package io.tokenfence.filter.web;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.util.AntPathMatcher;

/** Which request paths need a token: those matching a protected pattern and no open one. */
final class PathRules {

    private final AntPathMatcher matcher = new AntPathMatcher();
    private final List<String> protectedPaths;
    private final List<String> openPaths;

    PathRules(List<String> protectedPaths, List<String> openPaths) {
        this.protectedPaths = List.copyOf(protectedPaths);
        this.openPaths = List.copyOf(openPaths);
    }

    boolean isProtected(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return openPaths.stream().noneMatch(pattern -> matcher.match(pattern, path))
                && protectedPaths.stream().anyMatch(pattern -> matcher.match(pattern, path));
    }
}
