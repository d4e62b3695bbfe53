global using System.Data.Common;
global using System.Text.Json;
global using Dapper;
global using LiveChat.Gateway.Storage;
global using Microsoft.AspNetCore.Http.HttpResults;
global using LiveChat.Gateway.Hosting;
global using Microsoft.Extensions.Options;
global using LiveChat.Resilience;
