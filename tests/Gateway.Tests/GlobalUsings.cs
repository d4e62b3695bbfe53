global using System.Net;
global using System.Net.Http.Json;
global using System.Text.Json;
global using LiveChat.Gateway.Tests.Infrastructure;
global using Dapper;
global using LiveChat.Testing;
global using LiveChat.Contracts;
