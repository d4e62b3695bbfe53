global using System.Net;
global using System.Text;
global using System.Text.Json;
global using LiveChat.Channels.Activities;
global using LiveChat.Channels.Inbox;
global using LiveChat.Channels.Meta;
global using LiveChat.Channels.Outbox;
global using LiveChat.Testing;
