global using System.Net;
global using System.Text.Json;
global using LiveChat.Testing;
global using LiveChat.Tickets.Tests.Support;
