using FluentValidation;

namespace LiveChat.Gateway.Hosting;

/// <summary>Runs the request's FluentValidation validator before the handler; failures are a 400 naming each field.</summary>
public static class Validation
{
    public static RouteHandlerBuilder Validate<T>(this RouteHandlerBuilder builder) where T : class =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var argument = context.Arguments.OfType<T>().FirstOrDefault();
            if (argument is null)
            {
                return TypedResults.Problem(statusCode: 400, title: "A request body is required.");
            }

            var validator = context.HttpContext.RequestServices.GetRequiredService<IValidator<T>>();
            var result = await validator.ValidateAsync(argument, context.HttpContext.RequestAborted);
            return result.IsValid
                ? await next(context)
                : TypedResults.ValidationProblem(result.ToDictionary(), title: "The request is not valid.");
        }).ProducesValidationProblem();

    /// <summary>Registers every validator of this assembly (FluentValidation's DI package); errors name fields as the JSON does.</summary>
    public static IServiceCollection AddValidators(this IServiceCollection services)
    {
        ValidatorOptions.Global.PropertyNameResolver = (_, member, _) => member is null ? null : JsonNamingPolicy.CamelCase.ConvertName(member.Name);
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) => member is null ? null : JsonNamingPolicy.CamelCase.ConvertName(member.Name);
        return services.AddValidatorsFromAssemblyContaining(typeof(Validation), ServiceLifetime.Singleton, includeInternalTypes: true);
    }
}
