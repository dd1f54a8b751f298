package io.tokenfence.filter.web;

import io.tokenfence.filter.verify.VerifiedToken;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Lets a controller take the request's {@link VerifiedToken} as a parameter. */
public final class VerifiedTokenArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == VerifiedToken.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer container, NativeWebRequest request,
                                  WebDataBinderFactory binderFactory) {
        Object token = request.getAttribute(VerifiedToken.REQUEST_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        if (token == null) {
            throw new IllegalStateException("No verified token on this request: is its path among "
                    + "tokenfence.filter.protected-paths?");
        }
        return token;
    }
}
