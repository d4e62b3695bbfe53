global using LiveChat.Contracts;
global using Microsoft.Extensions.DependencyInjection;
global using LiveChat.Console.State;
global using Microsoft.AspNetCore.Components;
