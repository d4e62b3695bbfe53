global using System.Net;
global using System.Text.Json;
global using LiveChat.Summaries;
global using LiveChat.Testing;
global using Microsoft.Extensions.Configuration;
global using Microsoft.Extensions.DependencyInjection;
global using Microsoft.Extensions.Options;
