using Microsoft.AspNetCore.Identity;

namespace LiveChat.Gateway.Auth;

/// <summary>ASP.NET Core Identity's hasher (PBKDF2, versioned format, rehash on upgrade).</summary>
public sealed class Passwords
{
    private readonly PasswordHasher<OperatorAccount> _hasher = new();

    public string Hash(string password) => _hasher.HashPassword(null!, password);

    public bool Verify(string hash, string password) =>
        _hasher.VerifyHashedPassword(null!, hash, password) != PasswordVerificationResult.Failed;
}
