namespace LiveChat.Summaries.Builtin;

/// <summary>
/// The word lists behind the built-in summariser, in English, German, French and Spanish (with a few Italian,
/// Portuguese and Dutch greetings). Words are stored folded: lower case, no diacritics, so "Tschüss" and
/// "tschuss" are the same word.
/// </summary>
internal static partial class Lexicon
{
    /// <summary>Words that carry nothing on their own: a clause made only of these is a pleasantry.</summary>
    private static readonly HashSet<string> s_filler = Set(
        // en
        "hi", "hello", "hey", "heya", "hiya", "there", "good", "morning", "afternoon", "evening", "day", "night",
        "thanks", "thank", "thx", "ty", "you", "so", "much", "very", "lot", "a", "bye", "goodbye", "cheers", "ok",
        "okay", "k", "great", "perfect", "cool", "awesome", "welcome", "you're", "my", "pleasure", "have", "nice",
        "wonderful", "lovely", "sir", "madam", "dear", "all", "the", "for", "your", "help", "waiting", "patience",
        "again", "see", "ya", "later", "take", "care", "yes", "yeah", "yep", "no", "nope", "sure", "alright", "fine",
        "excellent", "appreciate", "appreciated", "it", "i", "that's", "is", "np", "kind", "regards", "best", "soon",
        "too", "same", "to", "are", "still", "and", "just", "wish", "happy", "glad", "oh", "ah", "wow", "lol", "hmm",
        "sorry", "apologies", "apologize", "apologise", "inconvenience", "i'm", "that", "about", "hear", "wait",
        // de
        "hallo", "guten", "gute", "tag", "morgen", "abend", "nacht", "moin", "servus", "gruss", "grusse", "gott",
        "danke", "dankeschon", "vielen", "vielmals", "dank", "schon", "schonen", "schones", "sehr", "tschuss",
        "tschau", "auf", "wiedersehen", "wiederhoren", "bitte", "gern", "gerne", "geschehen", "alles", "klar",
        "super", "prima", "toll", "perfekt", "ja", "nein", "ihnen", "dir", "euch", "fur", "ihre", "deine", "hilfe",
        "geduld", "einen", "ein", "noch", "liebe", "lieber", "liebes", "freundliche", "freundlichen", "grussen",
        "mfg", "bis", "bald", "spater", "gleichfalls", "ebenso", "das", "war", "es", "ist", "ich", "wunderbar",
        "und", "sie", "du", "wunsche", "wochenende", "tut", "mir", "leid", "entschuldigung", "entschuldigen",
        "unannehmlichkeiten", "die", "warten",
        // fr
        "bonjour", "bonsoir", "salut", "coucou", "merci", "beaucoup", "bien", "au", "revoir", "bonne", "journee",
        "soiree", "fin", "de", "rien", "avec", "plaisir", "d'accord", "parfait", "genial", "oui", "non", "madame",
        "monsieur", "votre", "ton", "pour", "aide", "bientot", "tres", "je", "vous", "en", "prie", "remercie",
        "c'est", "tout", "cordialement", "et", "mille", "bon", "week", "end", "entendu", "parfaitement", "desole",
        "desolee", "excusez", "moi", "attente",
        // es
        "hola", "buenos", "buenas", "dias", "tardes", "noches", "gracias", "muchas", "muchisimas", "mil", "adios",
        "hasta", "luego", "pronto", "manana", "nada", "vale", "perfecto", "estupendo", "si", "senor", "senora",
        "por", "su", "tu", "ayuda", "paciencia", "un", "saludo", "saludos", "que", "tenga", "buen", "dia", "muy",
        "amable", "igualmente", "chao", "todo", "claro", "y", "usted", "le", "te", "agradezco", "excelente", "lo",
        "siento", "disculpe", "disculpa", "molestias", "las", "esperar",
        // it, pt, nl
        "ciao", "buongiorno", "buonasera", "grazie", "arrivederci", "prego", "ola", "obrigado", "obrigada",
        "tchau", "bom", "boa", "tarde", "noite", "hoi", "dag", "goedemorgen", "goedemiddag", "bedankt", "doei",
        "tot", "ziens", "wel");

    /// <summary>A short clause opening with one of these ("Hi Anna", "Thanks Mr Smith") is a greeting even with a name in it.</summary>
    private static readonly HashSet<string> s_greetingLeads = Set(
        "hi", "hello", "hey", "hallo", "moin", "servus", "bonjour", "bonsoir", "salut", "coucou", "hola", "ciao",
        "buongiorno", "ola", "hoi", "dear", "liebe", "lieber", "thanks", "thank", "thx", "danke", "merci", "gracias",
        "grazie", "obrigado", "obrigada", "bedankt", "bye", "goodbye", "tschuss", "adios", "good", "guten", "buenos",
        "buenas", "bonne", "cheers", "greetings");

    private static readonly string[] s_resolution =
    [
        // en
        "refund", "sent", "send", "sending", "fixed", "resolved", "solved", "will", "done", "issued", "replac",
        "reset", "shipped", "credited", "cancelled", "canceled", "arranged", "updated", "activated", "escalat",
        "forwarded", "approved", "scheduled", "unlocked", "i'll", "we'll", "you'll", "added", "changed", "corrected",
        "restored", "delivered", "booked", "processed",
        // de
        "erstatt", "ruckerstatt", "gutschrift", "gesendet", "geschickt", "versendet", "verschickt", "behoben",
        "gelost", "erledigt", "werde", "wird", "werden", "storniert", "ersetzt", "ersatz", "zuruckgesetzt",
        "aktualisiert", "freigeschaltet", "weitergeleitet", "veranlasst", "angewiesen", "gebucht",
        // fr
        "rembours", "envoye", "renvoy", "corrige", "resolu", "regle", "sera", "serez", "vais", "allons", "annule",
        "remplac", "reinitialis", "transmis", "expedie", "traite", "effectue",
        // es
        "reembols", "enviado", "enviada", "enviare", "reenvi", "arreglado", "resuelto", "solucionado", "corregido",
        "voy", "vamos", "cancelado", "reemplaz", "restablec", "procesado", "tramitado", "devuelto",
    ];

    private static readonly string[] s_problem =
    [
        // en
        "error", "broken", "broke", "missing", "wrong", "damage", "failed", "failing", "failure", "crash", "bug",
        "issue", "problem", "refund", "charged", "cancel", "lost", "late", "delay", "stuck", "unable", "can't",
        "cannot", "never", "defect", "faulty", "complain", "return", "doesn't", "didn't", "isn't", "hasn't",
        "haven't", "won't",
        // de
        "fehler", "kaputt", "defekt", "beschadig", "falsch", "fehlt", "fehlen", "verloren", "storn", "erstatt",
        "abgebucht", "doppelt", "problem", "funktioniert", "angekommen", "verspat", "reklam", "umtausch",
        // fr
        "erreur", "casse", "abime", "endommag", "manqu", "perdu", "rembours", "annul", "retard", "bloque", "panne",
        "defectu", "probleme", "fonctionne", "marche", "debite",
        // es
        "roto", "rota", "danad", "falta", "perdid", "reembols", "retras", "problema", "funciona", "defectu",
        "cobrado", "cobraron", "cobro", "devoluc", "llegado", "llego",
    ];

    private static readonly string[] s_topic =
    [
        // en
        "order", "package", "parcel", "delivery", "shipping", "shipment", "tracking", "invoice", "bill", "payment",
        "card", "account", "password", "login", "subscription", "product", "item", "size", "warranty", "address",
        "email", "mail",
        // de
        "bestell", "paket", "lieferung", "versand", "sendung", "rechnung", "zahlung", "karte", "konto", "passwort",
        "anmeld", "abo", "artikel", "produkt", "adresse", "garantie", "grosse",
        // fr
        "commande", "colis", "livraison", "expedition", "suivi", "facture", "paiement", "carte", "compte",
        "connexion", "abonnement", "produit", "article", "garantie", "taille",
        // es
        "pedido", "paquete", "entrega", "envio", "seguimiento", "factura", "pago", "tarjeta", "cuenta",
        "contrasena", "suscripcion", "producto", "articulo", "direccion", "garantia", "talla", "correo",
    ];

    private static readonly HashSet<string> s_months = Set(
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "januar", "februar", "marz", "mai", "juni", "juli", "oktober", "dezember",
        "janvier", "fevrier", "mars", "avril", "juin", "juillet", "aout", "septembre", "octobre", "novembre", "decembre",
        "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre");

    private static readonly HashSet<string> s_weekdays = Set(
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag",
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
        "lunes", "martes", "miercoles", "jueves", "viernes", "sabado", "domingo");

    public static bool IsFiller(string token) => s_filler.Contains(token);

    public static bool IsGreetingLead(string token) => s_greetingLeads.Contains(token);

    public static bool IsClosingPhrase(string foldedText) => ClosingPhrase().IsMatch(foldedText);

    public static bool HasResolutionWord(IReadOnlyList<string> tokens) => AnyStem(tokens, s_resolution);

    public static bool HasProblemWord(IReadOnlyList<string> tokens) => AnyStem(tokens, s_problem);

    public static bool HasTopicWord(IReadOnlyList<string> tokens) => AnyStem(tokens, s_topic);

    public static bool HasMonth(IReadOnlyList<string> tokens) => tokens.Any(s_months.Contains);

    public static bool HasWeekday(IReadOnlyList<string> tokens) => tokens.Any(s_weekdays.Contains);

    /// <summary>Folded word tokens of a text: "Schöne Grüße, it's #12345" → schone, grusse, it's, 12345.</summary>
    public static IReadOnlyList<string> Tokens(string text)
    {
        var folded = Fold(text);
        return [.. Word().Matches(folded).Select(m => m.Value)];
    }

    /// <summary>Lower case without diacritics, typographic apostrophes made plain.</summary>
    public static string Fold(string text)
    {
        var decomposed = text.Replace('\u2019', '\'').ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c);
            }
        }

        return builder.ToString().Replace("ß", "ss", StringComparison.Ordinal).Normalize(NormalizationForm.FormC);
    }

    /// <summary>A stem of five letters or more matches words starting with it; shorter ones match whole words only.</summary>
    private static bool AnyStem(IReadOnlyList<string> tokens, string[] stems)
    {
        foreach (var token in tokens)
        {
            foreach (var stem in stems)
            {
                var hit = stem.Length >= 5
                    ? token.StartsWith(stem, StringComparison.Ordinal)
                    : string.Equals(token, stem, StringComparison.Ordinal);
                if (hit)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static HashSet<string> Set(params string[] words) => new(words, StringComparer.Ordinal);

    [GeneratedRegex(@"[\p{L}\p{N}]+(?:'[\p{L}]+)*")]
    private static partial Regex Word();

    [GeneratedRegex(
        @"\b(?:anything else|something else|is there anything|can i help (?:you )?with|how (?:can|may) i help|" +
        @"what can i do for you|no problem|no worries|you'?re welcome|my pleasure|" +
        @"have a (?:nice|good|great|lovely) (?:day|evening|weekend)|don'?t hesitate|feel free to|" +
        @"sonst noch|noch etwas|noch was|wie kann ich (?:ihnen|dir|euch) helfen|kann ich (?:ihnen|dir) (?:sonst|noch)|" +
        @"gern geschehen|kein problem|schonen tag|" +
        @"autre chose|puis-je vous aider|que puis-je faire|je vous en prie|pas de probleme|n'hesitez pas|" +
        @"algo mas|en que (?:le|te|les) puedo ayudar|como (?:le|te) puedo ayudar|puedo ayudarle|puedo ayudarte|" +
        @"de nada|no hay problema|no dude)\b")]
    private static partial Regex ClosingPhrase();
}
