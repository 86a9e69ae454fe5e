package io.swoop.generate;

import java.text.Normalizer;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Names and free text for the synthetic org. Some values deliberately hold commas, double quotes
 * and line breaks, so that a CSV reader meets every RFC 4180 case.
 */
final class Words {
  private static final String[] FIRST = {
    "James",
    "Mary",
    "Robert",
    "Patricia",
    "John",
    "Jennifer",
    "Michael",
    "Linda",
    "David",
    "Elizabeth",
    "William",
    "Barbara",
    "Richard",
    "Susan",
    "Joseph",
    "Jessica",
    "Thomas",
    "Sarah",
    "Charles",
    "Karen",
    "Daniel",
    "Lisa",
    "Matthew",
    "Nancy",
    "Anthony",
    "Sandra",
    "Mark",
    "Ashley",
    "Priya",
    "Wei",
    "Aisha",
    "Mateo",
    "Sofía",
    "José",
    "Zoë",
    "Björn",
    "Siobhán",
    "Chloé",
    "Kenji",
    "Olusegun",
    "Fatima",
    "Lars",
    "Ingrid",
    "Rahul",
    "Mei",
    "Diego",
    "Amara",
    "Noah",
    "Emma",
    "Liam",
    "Olivia",
    "Ethan",
    "Ava",
    "Lucas",
    "Mia",
    "Omar",
    "Leila",
    "Tomás",
    "Anaïs",
    "Dmitri"
  };
  private static final String[] LAST = {
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Hernandez",
    "Lopez",
    "Gonzalez",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Perez",
    "Thompson",
    "White",
    "Harris",
    "Clark",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "O'Brien",
    "Müller",
    "Núñez",
    "Nguyen",
    "Patel",
    "Kim",
    "Chen",
    "Okafor",
    "Svensson",
    "Kowalski",
    "Rossi",
    "Dubois",
    "Yamamoto",
    "Haddad",
    "Novak",
    "Fischer",
    "Ivanova",
    "Costa",
    "Singh",
    "Murphy",
    "Byrne",
    "van der Berg",
    "García-Márquez",
    "D'Angelo",
    "Lindqvist",
    "Schröder",
    "Acheampong",
    "Park",
    "Ramírez",
    "Sato"
  };
  private static final String[] COMPANY = {
    "Northwind",
    "Contoso",
    "Globex",
    "Initech",
    "Umbrella",
    "Hooli",
    "Stark",
    "Wayne",
    "Acme",
    "Soylent",
    "Vandelay",
    "Tyrell",
    "Cyberdyne",
    "Wonka",
    "Gringotts",
    "Pied Piper",
    "Massive Dynamic",
    "Oscorp",
    "Aperture",
    "Black Mesa",
    "Dunder Mifflin",
    "Prestige Worldwide",
    "Blue Sun",
    "Monarch",
    "Virtucon",
    "Nakatomi",
    "Oceanic",
    "Sirius",
    "Zorg",
    "Ollivander",
    "Bluth",
    "Sterling Cooper",
    "Wernham Hogg",
    "Los Pollos",
    "Krusty",
    "Duff",
    "Gekko",
    "Rekall",
    "Weyland",
    "Yoyodyne"
  };
  private static final String[] COMPANY_FORM = {
    " Inc.",
    ", Inc.",
    " LLC",
    " GmbH",
    " & Sons",
    " Holdings",
    " Group",
    " Ltd.",
    ", S.A.",
    " Corp.",
    " Partners",
    " AG",
    " Technologies",
    " Systems",
    ""
  };
  private static final String[] PRODUCT = {
    "Platform", "Analytics", "Enterprise Suite", "Support Plus", "Data Cloud", "Security Pack",
    "Onboarding Services", "Renewal", "Upsell", "Expansion", "Pilot", "Migration"
  };
  private static final String[] TASK_SUBJECT = {
    "Call",
    "Follow-up call",
    "Email: proposal sent",
    "Send pricing, terms and SOW",
    "Left voicemail",
    "Call re: \"final\" pricing",
    "Discovery call",
    "Check in with champion",
    "Send contract for review",
    "Call notes:\n- budget confirmed\n- next: legal review",
    "Email: Re: Quote #%d, revised",
    "Prep for exec meeting",
    "Update mutual close plan",
    "Email CFO, cc procurement"
  };
  private static final String[] EVENT_SUBJECT = {
    "Demo",
    "Discovery meeting",
    "Onsite workshop, day 1",
    "Executive briefing",
    "Pricing review",
    "QBR \"kickoff\"",
    "Negotiation session",
    "Technical deep dive\nAgenda: SSO, data residency",
    "Lunch with champion",
    "Contract walkthrough"
  };

  private Words() {}

  static String personName(SplittableRandom r) {
    String first = pick(r, FIRST);
    String last = pick(r, LAST);
    double u = r.nextDouble();
    if (u < 0.02) {
      return first + " " + last + ", Jr.";
    }
    if (u < 0.03) {
      return first + " \"" + pick(r, FIRST) + "\" " + last;
    }
    return first + " " + last;
  }

  static String email(String name, int number) {
    String ascii =
        Normalizer.normalize(name, Normalizer.Form.NFD)
            .replaceAll("[^A-Za-z ]", "")
            .trim()
            .toLowerCase(Locale.ROOT)
            .replaceAll(" +", ".");
    return ascii + number + "@swoop-demo.example";
  }

  static String account(SplittableRandom r) {
    if (r.nextDouble() < 0.02) {
      return "The \"Original\" " + pick(r, COMPANY) + " Company";
    }
    return pick(r, COMPANY) + pick(r, COMPANY_FORM);
  }

  static String opportunityName(SplittableRandom r, String account) {
    String product = pick(r, PRODUCT);
    double u = r.nextDouble();
    if (u < 0.003) {
      return account + " - " + product + "\n(second line pasted from email)";
    }
    if (u < 0.2) {
      return account + " - " + product + " (" + (5 + r.nextInt(500)) + " seats)";
    }
    return account + " - " + product;
  }

  static String taskSubject(SplittableRandom r) {
    String s = pick(r, TASK_SUBJECT);
    return s.contains("%d") ? s.replace("%d", Integer.toString(1000 + r.nextInt(9000))) : s;
  }

  static String eventSubject(SplittableRandom r) {
    return pick(r, EVENT_SUBJECT);
  }

  private static String pick(SplittableRandom r, String[] values) {
    return values[r.nextInt(values.length)];
  }
}
